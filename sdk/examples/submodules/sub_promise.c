/* sub_promise.c: a submodule that tries what no submodule may do: create a promise.
 * Expected: either the deployment is rejected because of the import env.promise_batch_create, or
 * try_promise fails with status 1 and writes nothing (docs/submodules-sdk.md). */
#include "../../syncwasm.h"

SW_EXPORT(try_promise) void try_promise(void) {
  static const char kAccount[] = "alice.near";
  uint64_t id = promise_batch_create(sizeof kAccount - 1, NEAR_PTR(kAccount));
  sw_return_u64(id);
}

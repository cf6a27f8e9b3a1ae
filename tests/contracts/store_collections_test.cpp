// store_collections.wasm (MANIFEST.md): near-sdk 5 `store` collections, sign-extension opcodes,
// storage-heavy loops (storage_read/write/remove/has_key, sha256 for hashed keys).
#include "contract_env.h"

using namespace syncwasm::testing;

namespace {
struct Expect {
  const char* col;
  uint64_t insert, contains, iter, nth, remove;  // golden gas; 0 = the op panics "not implemented"
};
// Golden VM gas on syncwasm (docs/near-contracts.md), 11 items (iterations 10), repeat 2.
constexpr Expect kGolden[] = {
    {"IterableSet", 3'065'124'137'612, 2'265'206'434'204, 1'290'998'787'050, 1'305'214'016'787, 3'339'897'078'825},
    {"IterableMap", 2'998'810'302'596, 2'146'103'021'908, 2'226'285'813'140, 2'267'422'710'750, 3'615'689'535'600},
    {"UnorderedSet", 3'069'440'283'950, 2'265'173'878'030, 1'303'807'564'900, 1'343'089'595'251, 3'850'453'309'524},
    {"UnorderedMap", 3'000'180'483'610, 2'146'458'307'722, 2'238'597'970'278, 2'304'190'360'794, 3'759'089'777'655},
    {"LookupMap", 2'006'629'291'791, 1'780'864'612'916, 0, 0, 1'979'891'207'353},
    {"LookupSet", 1'410'497'619'545, 1'921'763'446'376, 0, 0, 1'246'880'817'659},
    {"TreeMap", 3'066'943'372'368, 2'146'857'044'632, 2'347'966'821'376, 2'370'165'202'064, 3'821'411'036'759},
    {"Vector", 1'341'994'525'711, 0, 1'291'105'433'864, 1'305'228'316'815, 1'979'038'093'851},
};
}  // namespace

TEST(StoreCollections, EveryCollectionAndOperation) {
  SKIP_WITHOUT_CONTRACT(code, "store_collections.wasm");
  ContractEnv env;
  env.create_bob_and_deploy("store.near", code);
  auto init = env.call("store.near", "new");
  EXPECT_RETURNS(init, "");
  EXPECT_EQ(init.gas_burnt, 467'664'745'626u);
  for (const Expect& e : kGolden) {
    SCOPED_TRACE(e.col);
    std::string col = e.col;
    auto run = [&](const char* op, const std::string& args, uint64_t gas) {
      SCOPED_TRACE(op);
      auto out = env.call("store.near", op, args);
      if (gas == 0) {
        ASSERT_FALSE(out.ok());
        EXPECT_EQ(out.error->detail, "GuestPanic");
        EXPECT_NE(out.error->message.find("not implemented"), std::string::npos) << out.error->message;
      } else {
        EXPECT_RETURNS(out, "");
        EXPECT_EQ(out.gas_burnt, gas);
      }
    };
    run("insert", R"({"col":")" + col + R"(","index_offset":0,"iterations":10})", e.insert);
    run("contains", R"({"col":")" + col + R"(","repeat":2,"iterations":10})", e.contains);
    run("iter", R"({"col":")" + col + R"(","repeat":2,"iterations":10})", e.iter);
    run("nth", R"({"col":")" + col + R"(","repeat":2,"iterations":10})", e.nth);
    run("remove", R"({"col":")" + col + R"(","iterations":10})", e.remove);
  }
  EXPECT_RETURNS(env.view("store.near", "contract_source_metadata"),
                 R"({"version":"0.1.0","link":null,"standards":[{"standard":"nep330","version":"1.1.0"}]})");
}

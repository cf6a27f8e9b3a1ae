// The benchmark kernels of ../shared/bench/kernels compiled natively (clang -O2) into this
// binary, each `run` renamed so that all five fit in one program.
#pragma once

extern "C" {
unsigned int native_fib_run(void);
unsigned int native_sieve_run(void);
unsigned int native_sha256_run(void);
unsigned int native_matmul_run(void);
unsigned int native_interp_run(void);
}

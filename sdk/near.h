/* near.h: NEAR's `env` host functions for contracts written in C and compiled to wasm32
 * (clang --target=wasm32 -nostdlib -O2 -Wl,--no-entry -Wl,--export=METHOD ...).
 * The same ABI as near-sdk's near-sys: every pointer and length is a u64 (i64 in Wasm).
 * A method is an exported `void f(void)`: read arguments with input(), answer with value_return().
 * Semantics, errors and gas: docs/runtime-host-functions.md and src/runtime/host/. */
#ifndef SYNCWASM_SDK_NEAR_H
#define SYNCWASM_SDK_NEAR_H

#include <stdint.h>

#define NEAR_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#define NEAR_EXPORT(name) __attribute__((export_name(#name)))
/* len == NEAR_REGISTER: the "pointer" is a register id (most functions taking (len, ptr)). */
#define NEAR_REGISTER UINT64_MAX

/* registers */
NEAR_IMPORT(read_register) void read_register(uint64_t register_id, uint64_t ptr);
NEAR_IMPORT(register_len) uint64_t register_len(uint64_t register_id);
NEAR_IMPORT(write_register) void write_register(uint64_t register_id, uint64_t data_len, uint64_t data_ptr);
/* context */
NEAR_IMPORT(current_account_id) void current_account_id(uint64_t register_id);
NEAR_IMPORT(signer_account_id) void signer_account_id(uint64_t register_id);
NEAR_IMPORT(signer_account_pk) void signer_account_pk(uint64_t register_id);
NEAR_IMPORT(predecessor_account_id) void predecessor_account_id(uint64_t register_id);
NEAR_IMPORT(input) void input(uint64_t register_id);
NEAR_IMPORT(block_index) uint64_t block_index(void);
NEAR_IMPORT(block_timestamp) uint64_t block_timestamp(void);
NEAR_IMPORT(epoch_height) uint64_t epoch_height(void);
NEAR_IMPORT(storage_usage) uint64_t storage_usage(void);
/* economics (u128 values: 16 bytes little endian at the pointer) */
NEAR_IMPORT(account_balance) void account_balance(uint64_t balance_ptr);
NEAR_IMPORT(account_locked_balance) void account_locked_balance(uint64_t balance_ptr);
NEAR_IMPORT(attached_deposit) void attached_deposit(uint64_t balance_ptr);
NEAR_IMPORT(prepaid_gas) uint64_t prepaid_gas(void);
NEAR_IMPORT(used_gas) uint64_t used_gas(void);
/* math */
NEAR_IMPORT(random_seed) void random_seed(uint64_t register_id);
NEAR_IMPORT(sha256) void sha256(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
NEAR_IMPORT(keccak256) void keccak256(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
NEAR_IMPORT(keccak512) void keccak512(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
NEAR_IMPORT(ripemd160) void ripemd160(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
NEAR_IMPORT(ecrecover) uint64_t ecrecover(uint64_t hash_len, uint64_t hash_ptr, uint64_t sig_len, uint64_t sig_ptr,
                                          uint64_t v, uint64_t malleability_flag, uint64_t register_id);
NEAR_IMPORT(ed25519_verify) uint64_t ed25519_verify(uint64_t sig_len, uint64_t sig_ptr, uint64_t msg_len,
                                                    uint64_t msg_ptr, uint64_t pub_key_len, uint64_t pub_key_ptr);
/* return, panic, logs */
NEAR_IMPORT(value_return) void value_return(uint64_t value_len, uint64_t value_ptr);
NEAR_IMPORT(panic) void panic(void);
NEAR_IMPORT(panic_utf8) void panic_utf8(uint64_t len, uint64_t ptr);
NEAR_IMPORT(log_utf8) void log_utf8(uint64_t len, uint64_t ptr);
NEAR_IMPORT(log_utf16) void log_utf16(uint64_t len, uint64_t ptr);
/* promises */
NEAR_IMPORT(promise_create) uint64_t promise_create(uint64_t account_id_len, uint64_t account_id_ptr,
                                                    uint64_t method_name_len, uint64_t method_name_ptr,
                                                    uint64_t arguments_len, uint64_t arguments_ptr, uint64_t amount_ptr,
                                                    uint64_t gas);
NEAR_IMPORT(promise_then) uint64_t promise_then(uint64_t promise_index, uint64_t account_id_len, uint64_t account_id_ptr,
                                                uint64_t method_name_len, uint64_t method_name_ptr,
                                                uint64_t arguments_len, uint64_t arguments_ptr, uint64_t amount_ptr,
                                                uint64_t gas);
NEAR_IMPORT(promise_and) uint64_t promise_and(uint64_t promise_idx_ptr, uint64_t promise_idx_count);
NEAR_IMPORT(promise_batch_create) uint64_t promise_batch_create(uint64_t account_id_len, uint64_t account_id_ptr);
NEAR_IMPORT(promise_batch_then) uint64_t promise_batch_then(uint64_t promise_index, uint64_t account_id_len,
                                                            uint64_t account_id_ptr);
NEAR_IMPORT(promise_batch_action_create_account) void promise_batch_action_create_account(uint64_t promise_index);
NEAR_IMPORT(promise_batch_action_deploy_contract) void promise_batch_action_deploy_contract(uint64_t promise_index,
                                                                                           uint64_t code_len,
                                                                                           uint64_t code_ptr);
NEAR_IMPORT(promise_batch_action_function_call) void promise_batch_action_function_call(
    uint64_t promise_index, uint64_t method_name_len, uint64_t method_name_ptr, uint64_t arguments_len,
    uint64_t arguments_ptr, uint64_t amount_ptr, uint64_t gas);
NEAR_IMPORT(promise_batch_action_function_call_weight) void promise_batch_action_function_call_weight(
    uint64_t promise_index, uint64_t method_name_len, uint64_t method_name_ptr, uint64_t arguments_len,
    uint64_t arguments_ptr, uint64_t amount_ptr, uint64_t gas, uint64_t gas_weight);
NEAR_IMPORT(promise_batch_action_transfer) void promise_batch_action_transfer(uint64_t promise_index,
                                                                             uint64_t amount_ptr);
NEAR_IMPORT(promise_batch_action_stake) void promise_batch_action_stake(uint64_t promise_index, uint64_t amount_ptr,
                                                                       uint64_t public_key_len,
                                                                       uint64_t public_key_ptr);
NEAR_IMPORT(promise_batch_action_delete_account) void promise_batch_action_delete_account(
    uint64_t promise_index, uint64_t beneficiary_id_len, uint64_t beneficiary_id_ptr);
NEAR_IMPORT(promise_results_count) uint64_t promise_results_count(void);
NEAR_IMPORT(promise_result) uint64_t promise_result(uint64_t result_idx, uint64_t register_id);
NEAR_IMPORT(promise_return) void promise_return(uint64_t promise_id);
/* storage */
NEAR_IMPORT(storage_write) uint64_t storage_write(uint64_t key_len, uint64_t key_ptr, uint64_t value_len,
                                                  uint64_t value_ptr, uint64_t register_id);
NEAR_IMPORT(storage_read) uint64_t storage_read(uint64_t key_len, uint64_t key_ptr, uint64_t register_id);
NEAR_IMPORT(storage_remove) uint64_t storage_remove(uint64_t key_len, uint64_t key_ptr, uint64_t register_id);
NEAR_IMPORT(storage_has_key) uint64_t storage_has_key(uint64_t key_len, uint64_t key_ptr);
/* validator */
NEAR_IMPORT(validator_stake) void validator_stake(uint64_t account_id_len, uint64_t account_id_ptr, uint64_t stake_ptr);
NEAR_IMPORT(validator_total_stake) void validator_total_stake(uint64_t stake_ptr);

/* Helpers: a pointer as the u64 the ABI wants. */
#define NEAR_PTR(p) ((uint64_t)(uintptr_t)(p))

#endif

// RuntimeConfig: every NEAR gas parameter and limit syncwasm uses, in one struct, each field named
// as nearcore names it (ExtCosts, LimitConfig, ActionCosts), with the effective mainnet values at
// protocol version 85 (also used by PV86). Source: /work/shared/near-abi.md part 2 §2-§3 and
// nearcore core/parameters/res/runtime_configs/parameters.yaml (values the PV85 diffs leave as is).
// PROTOCOL: changing any value changes gas bills and which calls succeed.
#pragma once

#include <cstdint>

namespace syncwasm::runtime {

using Gas = uint64_t;
using Balance = unsigned __int128;  // yoctoNEAR

// A fee with a send part (burnt when the receipt is created; sir = sender is receiver) and an
// execution part (burnt when the receipt is applied).
struct Fee {
  Gas send_sir = 0;
  Gas send_not_sir = 0;
  Gas execution = 0;
  Gas send_fee(bool sir) const { return sir ? send_sir : send_not_sir; }
};

// Host-function costs (nearcore ExtCosts; yaml names have a `wasm_` prefix).
struct ExtCosts {
  Gas base = 264'768'111;
  Gas contract_loading_base = 35'445'963;
  Gas contract_loading_bytes = 1'089'295;  // PV66
  Gas read_memory_base = 2'609'863'200;
  Gas read_memory_byte = 3'801'333;
  Gas write_memory_base = 2'803'794'861;
  Gas write_memory_byte = 2'723'772;
  Gas read_register_base = 2'517'165'186;
  Gas read_register_byte = 98'562;
  Gas write_register_base = 2'865'522'486;
  Gas write_register_byte = 3'801'564;
  Gas utf8_decoding_base = 3'111'779'061;
  Gas utf8_decoding_byte = 291'580'479;
  Gas utf16_decoding_base = 3'543'313'050;
  Gas utf16_decoding_byte = 163'577'493;
  Gas sha256_base = 4'540'970'250;
  Gas sha256_byte = 24'117'351;
  Gas keccak256_base = 5'879'491'275;
  Gas keccak256_byte = 21'471'105;
  Gas keccak512_base = 5'811'388'236;
  Gas keccak512_byte = 36'649'701;
  Gas ripemd160_base = 853'675'086;
  Gas ripemd160_block = 680'107'584;
  Gas ecrecover_base = 278'821'988'457;
  Gas ed25519_verify_base = 210'000'000'000;
  Gas ed25519_verify_byte = 9'000'000;
  Gas log_base = 3'543'313'050;
  Gas log_byte = 13'198'791;
  Gas storage_write_base = 64'196'736'000;
  Gas storage_write_key_byte = 70'482'867;
  Gas storage_write_value_byte = 31'018'539;
  Gas storage_write_evicted_byte = 32'117'307;
  Gas storage_read_base = 56'356'845'749;  // PV85 snapshot (base file: ...750)
  Gas storage_read_key_byte = 30'952'533;
  Gas storage_read_value_byte = 5'611'004;  // PV85 snapshot (base file: ...005)
  Gas storage_large_read_overhead_base = 1;
  Gas storage_large_read_overhead_byte = 1;
  Gas storage_remove_base = 53'473'030'500;
  Gas storage_remove_key_byte = 38'220'384;
  Gas storage_remove_ret_value_byte = 11'531'556;
  Gas storage_has_key_base = 54'039'896'625;
  Gas storage_has_key_byte = 30'790'845;
  Gas touching_trie_node = 2'280'000'000;  // PV85; not charged yet (docs/runtime.md)
  Gas read_cached_trie_node = 2'280'000'000;
  Gas promise_and_base = 1'465'013'400;
  Gas promise_and_per_promise = 5'452'176;
  Gas promise_return = 560'152'386;
  Gas validator_stake_base = 911'834'726'400;
  Gas validator_total_stake_base = 911'834'726'400;
  Gas alt_bn128_g1_multiexp_base = 713'000'000'000;
  Gas alt_bn128_g1_multiexp_element = 320'000'000'000;
  Gas alt_bn128_pairing_check_base = 9'686'000'000'000;
  Gas alt_bn128_pairing_check_element = 5'102'000'000'000;
  Gas alt_bn128_g1_sum_base = 3'000'000'000;
  Gas alt_bn128_g1_sum_element = 5'000'000'000;
  Gas p256_verify_base = 1'300'000'000'000;
  Gas p256_verify_byte = 13'000'000;
  Gas yield_create_base = 153'411'779'276;
  Gas yield_create_byte = 15'643'988;
  Gas yield_resume_base = 1'195'627'285'210;
  Gas yield_resume_byte = 47'683'715;
};

// Wasm execution costs (finite-wasm).
struct WasmCosts {
  Gas regular_op_cost = 822'756;               // per instruction (PV49+)
  Gas linear_op_base_cost = 26'328'192;        // PV84
  Gas linear_op_unit_cost = 822'756;           // PV84
};

// Action fees (nearcore ActionCosts / RuntimeFeesConfig).
struct ActionFees {
  Fee action_receipt_creation{108'059'500'000, 108'059'500'000, 108'059'500'000};
  Fee data_receipt_creation_base{36'486'732'312, 36'486'732'312, 36'486'732'312};
  Fee data_receipt_creation_per_byte{17'212'011, 17'212'011, 17'212'011};
  Fee action_create_account{99'607'375'000, 99'607'375'000, 99'607'375'000};
  Fee action_delete_account{147'489'000'000, 147'489'000'000, 147'489'000'000};
  Fee action_deploy_contract{184'765'750'000, 184'765'750'000, 184'765'750'000};
  Fee action_deploy_contract_per_byte{6'812'999, 47'683'715, 64'572'944};  // PV84
  Fee action_function_call{200'000'000'000, 200'000'000'000, 780'000'000'000};  // PV66
  Fee action_function_call_per_byte{2'235'934, 47'683'715, 2'235'934};
  Fee action_transfer{115'123'062'500, 115'123'062'500, 115'123'062'500};
  // parameters.yaml base values (no PV diff read changes them).
  Fee action_stake{141'715'687'500, 141'715'687'500, 102'217'625'000};
  Fee action_add_full_access_key{101'765'125'000, 101'765'125'000, 101'765'125'000};
  Fee action_add_function_call_key{102'217'625'000, 102'217'625'000, 102'217'625'000};
  Fee action_add_function_call_key_per_byte{1'925'331, 1'925'331, 1'925'331};
  Fee action_delete_key{94'946'625'000, 94'946'625'000, 94'946'625'000};
};

// Storage staking (nearcore StorageUsageConfig).
struct StorageUsageConfig {
  Balance storage_amount_per_byte = Balance(10'000'000'000'000'000'000ull);  // 1e19 yocto
  uint64_t storage_num_bytes_account = 100;
  uint64_t storage_num_extra_bytes_record = 40;
};

// nearcore LimitConfig at PV85.
struct LimitConfig {
  uint32_t initial_memory_pages = 1024;
  uint32_t max_memory_pages = 2048;
  uint32_t max_stack_height = 262'144;  // bytes (finite-wasm), PV62
  uint64_t max_functions_number_per_contract = 10'000;
  uint64_t max_locals_per_contract = 1'000'000;
  uint32_t max_tables_per_contract = 1;
  uint32_t max_elements_per_contract_table = 10'000;
  uint32_t max_types_per_contract = 1024;
  uint32_t max_function_body_size = 196'608;
  uint32_t max_params_per_function = 64;
  uint64_t max_contract_size = 4'194'304;
  uint64_t max_arguments_length = 4'194'304;
  uint64_t max_length_returned_data = 4'194'304;
  uint64_t max_length_storage_key = 2048;
  uint64_t max_length_storage_value = 4'194'304;
  uint64_t max_number_registers = 100;
  uint64_t max_register_size = 104'857'600;
  uint64_t registers_memory_limit = 1ull << 30;
  uint64_t max_number_logs = 100;
  uint64_t max_total_log_length = 16'384;
  uint64_t max_promises_per_function_call_action = 1024;
  uint64_t max_number_input_data_dependencies = 128;
  uint64_t max_length_method_name = 256;
  Gas max_gas_burnt = 1'000'000'000'000'000;        // 1 PGas, PV83
  Gas max_total_prepaid_gas = 1'000'000'000'000'000;
  Gas max_gas_burnt_view = 200'000'000'000'000;  // parameters.yaml base; no PV diff read changes it
};

// syncwasm's submodules (DESIGN.md §5): no nearcore counterpart, so each cost is taken from the
// NEAR operation doing the same work (named beside it).
struct SubmoduleConfig {
  // submodule_call / parent_call: the registry lookup is a storage read.
  Gas submodule_call_base = 56'356'845'750;     // storage_read_base
  Gas submodule_call_key_byte = 30'952'533;     // storage_read_key_byte
  // Loading the submodule, per call, before its code is read (also for a missing key or method).
  Gas submodule_load_base = 35'445'963;         // contract_loading_base
  Gas submodule_load_byte = 1'089'295;          // contract_loading_bytes
  Gas parent_call_base = 35'445'963;            // contract_loading_base (no code to load)
  // Deploying a submodule (DeploySubmodule action, submodule_deploy) is charged as NEAR charges
  // DeployContract: a base fee and a fee per byte, here of the key, the code and the policy (its
  // canonical encoding, encode_policy, for the action; the JSON bytes given to submodule_deploy).
  // Deleting one (DeleteSubmodule, submodule_remove) as NEAR charges DeleteKey, plus a fee per key
  // byte. Actions burn send (sir / not sir) + execution; the host functions, which deploy or remove
  // at once on the account itself, burn send_sir + execution.
  // action_deploy_contract, action_deploy_contract_per_byte:
  Fee action_deploy_submodule{184'765'750'000, 184'765'750'000, 184'765'750'000};
  Fee action_deploy_submodule_per_byte{6'812'999, 47'683'715, 64'572'944};
  // action_delete_key, action_add_function_call_key_per_byte:
  Fee action_delete_submodule{94'946'625'000, 94'946'625'000, 94'946'625'000};
  Fee action_delete_submodule_per_byte{1'925'331, 1'925'331, 1'925'331};
  Gas submodule_exists_base = 54'039'896'625;   // storage_has_key_base
  Gas submodule_key_byte = 30'790'845;          // storage_has_key_byte
  // Parent/submodule transitions (submodule_call, parent_call) stacked in one execution.
  uint32_t max_call_depth = 16;
};

struct RuntimeConfig {
  ExtCosts ext;
  WasmCosts wasm;
  ActionFees fees;
  StorageUsageConfig storage;
  LimitConfig limits;
  SubmoduleConfig submodules;
};

// The effective NEAR mainnet configuration (protocol version 85/86).
inline const RuntimeConfig& near_mainnet_config() {
  static const RuntimeConfig config{};
  return config;
}

}  // namespace syncwasm::runtime

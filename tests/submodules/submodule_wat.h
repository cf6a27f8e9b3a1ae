// WAT sources of the submodule tests: a main contract that calls, deploys and hosts callbacks,
// and submodules of each kind. Each export's behaviour is described where it is defined.
#pragma once

namespace syncwasm::testing {

// The main contract.
//  call: input [key_len u8][method_len u8][gas u64][flags u8][key][method][args]; calls the
//        submodule and returns [status u8][used_gas delta of the call u64][register 5, if set].
//  deploy: input [key_len u8][policy_len u16][key][policy][code]
//          -> [status u8][used_gas delta of submodule_deploy u64][message]
//  remove: input = key -> [result u8][used_gas delta of submodule_remove u64]
//  exists: input = key -> [result u8]
//  shared: sets byte 4000 of its memory to 41, calls submodule "mem" method "bump", returns byte
//  4000 parent_call_here: calls parent_call itself (only submodules may) bad_flags: submodule_call
//  with flags = 2 count3: calls "s".inc three times in one execution; returns the last result
//  Exports for submodules: add(i64,i64)->i64, parent_write (storage "m" = "parent:"),
//  make_promise, echo_upper (returns "parent:" + input), cb_panic, cb_loop, cb_write ("cb" = "1"),
//  cb_write_panic (writes "cb" = "1", then panics "main boom"), and, to be reached from a
//  submodule's frame: deploy_here (submodule_deploy of "s"), remove_here (submodule_remove of
//  "s"), nested_call (submodule_call of "s".inc).
//  twice: calls "s".echo twice; returns [status u8][used_gas delta u64] of each call.
inline const char* kMainWat = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (import "env" "used_gas" (func $used_gas (result i64)))
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64 i64 i64) (result i64)))
  (import "env" "panic_utf8" (func $panic_utf8 (param i64 i64)))
  (import "env" "promise_batch_create" (func $promise_batch_create (param i64 i64) (result i64)))
  (import "env" "submodule_call" (func $submodule_call (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (import "env" "submodule_deploy" (func $submodule_deploy (param i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (import "env" "submodule_remove" (func $submodule_remove (param i64 i64) (result i64)))
  (import "env" "submodule_exists" (func $submodule_exists (param i64 i64) (result i64)))
  (import "env" "parent_call" (func $parent_call (param i64 i64 i64 i64 i64) (result i64)))
  (memory 1)
  (data (i32.const 0) "parent:")
  (data (i32.const 16) "m")
  (data (i32.const 20) "cb1")
  (data (i32.const 32) "bob.near")
  (data (i32.const 48) "main boom")
  (data (i32.const 64) "s")
  (data (i32.const 72) "inc")
  (data (i32.const 96) "mem")
  (data (i32.const 112) "bump")
  (data (i32.const 136) "{}")
  (data (i32.const 80) "echo")
  (func $load (result i64)
    (call $input (i64.const 0))
    (call $read_register (i64.const 0) (i64.const 1024))
    (call $register_len (i64.const 0)))
  ;; [status u8][payload] from memory 512, with register r appended when set.
  (func $reply (param $st i64) (param $r i64) (local $rl i64)
    (i64.store8 (i32.const 512) (local.get $st))
    (local.set $rl (call $register_len (local.get $r)))
    (if (i64.eq (local.get $rl) (i64.const -1))
      (then (call $value_return (i64.const 9) (i64.const 512)))
      (else
        (call $read_register (local.get $r) (i64.const 521))
        (call $value_return (i64.add (i64.const 9) (local.get $rl)) (i64.const 512)))))
  (func (export "call") (local $len i64) (local $k i64) (local $m i64) (local $g0 i64) (local $st i64)
    (local.set $len (call $load))
    (local.set $k (i64.load8_u (i32.const 1024)))
    (local.set $m (i64.load8_u (i32.const 1025)))
    (local.set $g0 (call $used_gas))
    (local.set $st (call $submodule_call
      (local.get $k) (i64.const 1035)
      (local.get $m) (i64.add (i64.const 1035) (local.get $k))
      (i64.sub (i64.sub (i64.sub (local.get $len) (i64.const 11)) (local.get $k)) (local.get $m))
      (i64.add (i64.add (i64.const 1035) (local.get $k)) (local.get $m))
      (i64.load (i32.const 1026))
      (i64.load8_u (i32.const 1034))
      (i64.const 5)))
    (i64.store (i32.const 513) (i64.sub (call $used_gas) (local.get $g0)))
    (call $reply (local.get $st) (i64.const 5)))
  (func (export "deploy") (local $len i64) (local $k i64) (local $p i64) (local $st i64) (local $g0 i64)
    (local.set $len (call $load))
    (local.set $k (i64.load8_u (i32.const 1024)))
    (local.set $p (i64.load16_u (i32.const 1025)))
    (local.set $g0 (call $used_gas))
    (local.set $st (call $submodule_deploy
      (local.get $k) (i64.const 1027)
      (i64.sub (i64.sub (i64.sub (local.get $len) (i64.const 3)) (local.get $k)) (local.get $p))
      (i64.add (i64.add (i64.const 1027) (local.get $k)) (local.get $p))
      (local.get $p) (i64.add (i64.const 1027) (local.get $k))
      (i64.const 6)))
    (i64.store (i32.const 513) (i64.sub (call $used_gas) (local.get $g0)))
    (call $reply (local.get $st) (i64.const 6)))
  (func (export "remove") (local $len i64) (local $g0 i64)
    (local.set $len (call $load))
    (local.set $g0 (call $used_gas))
    (i64.store8 (i32.const 512) (call $submodule_remove (local.get $len) (i64.const 1024)))
    (i64.store (i32.const 513) (i64.sub (call $used_gas) (local.get $g0)))
    (call $value_return (i64.const 9) (i64.const 512)))
  (func (export "exists") (local $len i64)
    (local.set $len (call $load))
    (i64.store8 (i32.const 512) (call $submodule_exists (local.get $len) (i64.const 1024)))
    (call $value_return (i64.const 1) (i64.const 512)))
  (func (export "shared")
    (i32.store8 (i32.const 4000) (i32.const 41))
    (drop (call $submodule_call (i64.const 3) (i64.const 96) (i64.const 4) (i64.const 112)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5)))
    (call $value_return (i64.const 1) (i64.const 4000)))
  (func (export "parent_call_here")
    (drop (call $parent_call (i64.const 1) (i64.const 16) (i64.const 0) (i64.const 0) (i64.const 5))))
  (func (export "bad_flags")
    (drop (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 3) (i64.const 72)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 2) (i64.const 5))))
  (func (export "count3")
    (drop (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 3) (i64.const 72)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5)))
    (drop (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 3) (i64.const 72)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5)))
    (call $reply (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 3) (i64.const 72)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5)) (i64.const 5)))
  ;; replace_s: calls "s".inc, deploys its input as the new code of "s" (policy {} at 136),
  ;; calls "s".inc again and returns [status of the second call u8][...] as $reply does.
  (func (export "replace_s") (local $len i64)
    (local.set $len (call $load))
    (drop (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 3) (i64.const 72)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5)))
    (drop (call $submodule_deploy (i64.const 1) (i64.const 64) (local.get $len) (i64.const 1024)
      (i64.const 2) (i64.const 136) (i64.const 6)))
    (call $reply (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 3) (i64.const 72)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 7)) (i64.const 7)))
  (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "parent_write")
    (drop (call $storage_write (i64.const 1) (i64.const 16) (i64.const 7) (i64.const 0) (i64.const 9))))
  (func (export "make_promise") (drop (call $promise_batch_create (i64.const 8) (i64.const 32))))
  (func (export "echo_upper") (local $len i64)
    (call $input (i64.const 0))
    (local.set $len (call $register_len (i64.const 0)))
    (memory.copy (i32.const 2048) (i32.const 0) (i32.const 7))
    (call $read_register (i64.const 0) (i64.const 2055))
    (call $value_return (i64.add (i64.const 7) (local.get $len)) (i64.const 2048)))
  (func (export "cb_panic") (call $panic_utf8 (i64.const 9) (i64.const 48)))
  (func (export "cb_loop") (loop $l (br $l)))
  (func (export "cb_write")
    (drop (call $storage_write (i64.const 2) (i64.const 20) (i64.const 1) (i64.const 22) (i64.const 9))))
  (func (export "cb_write_panic")
    (drop (call $storage_write (i64.const 2) (i64.const 20) (i64.const 1) (i64.const 22) (i64.const 9)))
    (call $panic_utf8 (i64.const 9) (i64.const 48)))
  (func (export "deploy_here")
    (drop (call $submodule_deploy (i64.const 1) (i64.const 64) (i64.const 0) (i64.const 0)
      (i64.const 2) (i64.const 136) (i64.const 6))))
  (func (export "remove_here") (drop (call $submodule_remove (i64.const 1) (i64.const 64))))
  (func (export "nested_call")
    (drop (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 3) (i64.const 72)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5))))
  ;; twice: calls "s".echo (no args) twice; returns [status u8][used_gas delta u64] of each.
  (func (export "twice") (local $g0 i64)
    (local.set $g0 (call $used_gas))
    (i64.store8 (i32.const 512) (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 4)
      (i64.const 80) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5)))
    (i64.store (i32.const 513) (i64.sub (call $used_gas) (local.get $g0)))
    (local.set $g0 (call $used_gas))
    (i64.store8 (i32.const 521) (call $submodule_call (i64.const 1) (i64.const 64) (i64.const 4)
      (i64.const 80) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 5)))
    (i64.store (i32.const 522) (i64.sub (call $used_gas) (local.get $g0)))
    (call $value_return (i64.const 18) (i64.const 512)))
))";

// A submodule with storage (deployed with prefix "s/").
//  inc: the u64 counter under "c" plus one, returned (8 bytes LE); echo: returns its input;
//  write_then_{panic,trap,loop}: writes "c", logs "sub boom", then fails; read_m: the value
//  under "m" or "absent"; log: logs "sub boom"; with_param: not an entry point; frame: returns
//  [register_len(0) u64][memory.size u32][current_account_id] (registers are per frame, the
//  memory is the one it declares, the account is the main contract's).
inline const char* kStorageSubWat = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64 i64 i64) (result i64)))
  (import "env" "storage_read" (func $storage_read (param i64 i64 i64) (result i64)))
  (import "env" "log_utf8" (func $log_utf8 (param i64 i64)))
  (import "env" "panic_utf8" (func $panic_utf8 (param i64 i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "current_account_id" (func $current_account_id (param i64)))
  (memory 1)
  (data (i32.const 0) "c")
  (data (i32.const 8) "sub boom")
  (data (i32.const 16) "m")
  (data (i32.const 24) "absent")
  (func $write (drop (call $storage_write (i64.const 1) (i64.const 0) (i64.const 1) (i64.const 0) (i64.const 2))))
  (func (export "inc")
    (if (i64.eq (call $storage_read (i64.const 1) (i64.const 0) (i64.const 1)) (i64.const 1))
      (then (call $read_register (i64.const 1) (i64.const 100))))
    (i64.store (i32.const 100) (i64.add (i64.load (i32.const 100)) (i64.const 1)))
    (drop (call $storage_write (i64.const 1) (i64.const 0) (i64.const 8) (i64.const 100) (i64.const 2)))
    (call $value_return (i64.const 8) (i64.const 100)))
  (func (export "echo") (call $input (i64.const 0)) (call $value_return (i64.const -1) (i64.const 0)))
  (func (export "write_then_panic") (call $write) (call $log_utf8 (i64.const 8) (i64.const 8))
    (call $panic_utf8 (i64.const 8) (i64.const 8)))
  (func (export "write_then_trap") (call $write) (call $log_utf8 (i64.const 8) (i64.const 8)) unreachable)
  (func (export "write_then_loop") (call $write) (call $log_utf8 (i64.const 8) (i64.const 8)) (loop $l (br $l)))
  (func (export "read_m")
    (if (i64.eq (call $storage_read (i64.const 1) (i64.const 16) (i64.const 3)) (i64.const 1))
      (then (call $value_return (i64.const -1) (i64.const 3)))
      (else (call $value_return (i64.const 6) (i64.const 24)))))
  (func (export "log") (call $log_utf8 (i64.const 8) (i64.const 8)))
  (func (export "with_param") (param i32))
  (func (export "frame")
    (i64.store (i32.const 200) (call $register_len (i64.const 0)))
    (i32.store (i32.const 208) (memory.size))
    (call $current_account_id (i64.const 4))
    (call $read_register (i64.const 4) (i64.const 212))
    (call $value_return (i64.add (i64.const 12) (call $register_len (i64.const 4))) (i64.const 200)))
))";

// A submodule without storage imports: echo only.
inline const char* kPureSubWat = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (func (export "echo") (call $input (i64.const 0)) (call $value_return (i64.const -1) (i64.const 0)))
))";

// A submodule using the main contract: literal imports and parent_call.
//  use_add: parent.add(2, 40) as 8 bytes; use_parent_write / use_promise: the parent's exports;
//  cb_<x>: parent_call of the export named below with its own input, returns [status][register]
//  (cb_add: parent_call of "add", an export that is not () -> ()).
inline const char* kParentSubWat = R"((module
  (import "parent" "add" (func $add (param i64 i64) (result i64)))
  (import "parent" "parent_write" (func $parent_write))
  (import "parent" "make_promise" (func $make_promise))
  (import "env" "parent_call" (func $parent_call (param i64 i64 i64 i64 i64) (result i64)))
  (import "env" "input" (func $input (param i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (memory 1)
  (data (i32.const 0) "echo_upper")
  (data (i32.const 16) "cb_panic")
  (data (i32.const 32) "cb_loop")
  (data (i32.const 48) "cb_write")
  (data (i32.const 64) "not_listed")
  (data (i32.const 80) "cb_write_panic")
  (data (i32.const 96) "add")
  (func (export "use_add")
    (i64.store (i32.const 200) (call $add (i64.const 2) (i64.const 40)))
    (call $value_return (i64.const 8) (i64.const 200)))
  (func (export "use_parent_write") (call $parent_write))
  (func (export "use_promise") (call $make_promise))
  (func $cb (param $mlen i64) (param $mptr i64) (local $rl i64)
    (call $input (i64.const 0))
    (i64.store8 (i32.const 300)
      (call $parent_call (local.get $mlen) (local.get $mptr) (i64.const -1) (i64.const 0) (i64.const 1)))
    (local.set $rl (call $register_len (i64.const 1)))
    (if (i64.eq (local.get $rl) (i64.const -1))
      (then (call $value_return (i64.const 1) (i64.const 300)))
      (else (call $read_register (i64.const 1) (i64.const 301))
            (call $value_return (i64.add (i64.const 1) (local.get $rl)) (i64.const 300)))))
  (func (export "cb_echo") (call $cb (i64.const 10) (i64.const 0)))
  (func (export "cb_panic") (call $cb (i64.const 8) (i64.const 16)))
  (func (export "cb_loop") (call $cb (i64.const 7) (i64.const 32)))
  (func (export "cb_write") (call $cb (i64.const 8) (i64.const 48)))
  (func (export "cb_not_listed") (call $cb (i64.const 10) (i64.const 64)))
  (func (export "cb_write_panic") (call $cb (i64.const 14) (i64.const 80)))
  (func (export "cb_add") (call $cb (i64.const 3) (i64.const 96)))
))";

// A submodule declaring more memory than an account may have.
inline const char* kHugeMemorySubWat = R"((module (memory 3000) (func (export "f"))))";

// A submodule on the main contract's memory: bump adds one to byte 4000 of it.
inline const char* kMemorySubWat = R"((module
  (import "parent" "memory" (memory 1))
  (func (export "bump") (i32.store8 (i32.const 4000) (i32.add (i32.load8_u (i32.const 4000)) (i32.const 1))))
))";

// A submodule calling itself under key "n" (policy nested_calls): each level returns one more than
// the level above it returned, the deepest (refused with status 5) returns 105.
inline const char* kRecursiveSubWat = R"((module
  (import "env" "submodule_call" (func $submodule_call (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (memory 1)
  (data (i32.const 0) "n")
  (data (i32.const 8) "recurse")
  (func (export "recurse")
    (if (i64.eqz (call $submodule_call (i64.const 1) (i64.const 0) (i64.const 7) (i64.const 8)
          (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 1)))
      (then (call $read_register (i64.const 1) (i64.const 100))
            (i32.store8 (i32.const 100) (i32.add (i32.load8_u (i32.const 100)) (i32.const 1))))
      (else (i32.store8 (i32.const 100) (i32.const 105))))
    (call $value_return (i64.const 1) (i64.const 100)))
))";

// A submodule reaching main-contract exports that break the rules from its own frame, through
// literal imports: loop (cb_loop), write_panic (cb_write_panic), deploy (deploy_here), remove
// (remove_here), nested (nested_call: a submodule call made by main-contract code).
inline const char* kImportingSubWat = R"((module
  (import "parent" "cb_loop" (func $loop))
  (import "parent" "cb_write_panic" (func $write_panic))
  (import "parent" "deploy_here" (func $deploy_here))
  (import "parent" "remove_here" (func $remove_here))
  (import "parent" "nested_call" (func $nested_call))
  (func (export "loop") (call $loop))
  (func (export "write_panic") (call $write_panic))
  (func (export "deploy") (call $deploy_here))
  (func (export "remove") (call $remove_here))
  (func (export "nested") (call $nested_call))
))";

// A submodule forwarding to another (policy nested_calls). Input [key_len u8][key][method]: calls
// key.method with this same input as its args, gas limit 0, register 1 (which holds the input
// before the call, so a status that writes nothing leaves the input there); returns
// [status u8][register 1]. fwd: flags 0; fwd_ro: flags 1 (read-only); fwd_then_panic: fwd, then
// panics "outer boom" (after value_return).
inline const char* kForwardSubWat = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (import "env" "panic_utf8" (func $panic_utf8 (param i64 i64)))
  (import "env" "submodule_call" (func $submodule_call (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (memory 1)
  (data (i32.const 0) "outer boom")
  (func $fwd (param $flags i64) (local $len i64) (local $k i64)
    (call $input (i64.const 1))
    (local.set $len (call $register_len (i64.const 1)))
    (call $read_register (i64.const 1) (i64.const 1024))
    (local.set $k (i64.load8_u (i32.const 1024)))
    (i64.store8 (i32.const 8192) (call $submodule_call
      (local.get $k) (i64.const 1025)
      (i64.sub (i64.sub (local.get $len) (i64.const 1)) (local.get $k)) (i64.add (i64.const 1025) (local.get $k))
      (local.get $len) (i64.const 1024)
      (i64.const 0) (local.get $flags) (i64.const 1)))
    (call $read_register (i64.const 1) (i64.const 8193))
    (call $value_return (i64.add (i64.const 1) (call $register_len (i64.const 1))) (i64.const 8192)))
  (func (export "fwd") (call $fwd (i64.const 0)))
  (func (export "fwd_ro") (call $fwd (i64.const 1)))
  (func (export "fwd_then_panic") (call $fwd (i64.const 0)) (call $panic_utf8 (i64.const 10) (i64.const 0)))
))";

// A submodule with instance state: inc adds one to byte 0 of its memory and to a global and
// returns both bytes (a fresh instance per call returns "\1\1" every time); grow returns
// memory.grow(2048) as 4 bytes (one page plus NEAR's 2048 is above the account's page limit).
inline const char* kFreshSubWat = R"((module
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "inc")
    (i32.store8 (i32.const 0) (i32.add (i32.load8_u (i32.const 0)) (i32.const 1)))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.store8 (i32.const 1) (global.get $g))
    (call $value_return (i64.const 2) (i64.const 0)))
  (func (export "grow")
    (i32.store (i32.const 8) (memory.grow (i32.const 2048)))
    (call $value_return (i64.const 4) (i64.const 8)))
))";

// A submodule writing and reading a 2048-byte key (NEAR's longest) of zero bytes: write stores
// "v" under it, read returns what is stored or "absent".
inline const char* kLongKeySubWat = R"((module
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64 i64 i64) (result i64)))
  (import "env" "storage_read" (func $storage_read (param i64 i64 i64) (result i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (memory 1)
  (data (i32.const 4096) "vabsent")
  (func (export "write") (drop (call $storage_write (i64.const 2048) (i64.const 0) (i64.const 1) (i64.const 4096) (i64.const 0))))
  (func (export "read")
    (if (i64.eq (call $storage_read (i64.const 2048) (i64.const 0) (i64.const 0)) (i64.const 1))
      (then (call $value_return (i64.const -1) (i64.const 0)))
      (else (call $value_return (i64.const 6) (i64.const 4097)))))
))";

}  // namespace syncwasm::testing

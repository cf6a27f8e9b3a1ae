;; A NEAR contract for the access-key CLI tests: each method adds a function-call key to the
;; contract's own account through a batch promise (the AddKey receipt runs in the next block).
;;   add_limited()    key ed25519 32 x 0x05, allowance 0.25 NEAR, receiver bob.near, "get,set"
;;   add_unlimited()  key ed25519 32 x 0x06, allowance 0 (unlimited), receiver bob.near, any method
(module
  (import "env" "current_account_id" (func $current_account_id (param i64)))
  (import "env" "promise_batch_create" (func $create (param i64 i64) (result i64)))
  (import "env" "promise_batch_action_add_key_with_function_call"
    (func $add_call (param i64 i64 i64 i64 i64 i64 i64 i64 i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05\05")
  (data (i32.const 40) "\00\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06\06")
  (data (i32.const 80) "\00\00\40\68\3b\b3\f3\86\f0\34\00\00\00\00\00\00")  ;; 0.25 NEAR, u128
  ;; 96: 16 zero bytes (allowance 0)
  (data (i32.const 112) "bob.near")
  (data (i32.const 128) "get,set")
  ;; A promise to the current account (its id read from register 0).
  (func $self (result i64)
    (call $current_account_id (i64.const 0))
    (call $create (i64.const -1) (i64.const 0)))
  (func (export "add_limited")
    (call $add_call (call $self) (i64.const 33) (i64.const 0) (i64.const 0) (i64.const 80)
      (i64.const 8) (i64.const 112) (i64.const 7) (i64.const 128)))
  (func (export "add_unlimited")
    (call $add_call (call $self) (i64.const 33) (i64.const 40) (i64.const 0) (i64.const 96)
      (i64.const 8) (i64.const 112) (i64.const 0) (i64.const 0)))
)

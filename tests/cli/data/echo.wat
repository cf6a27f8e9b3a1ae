;; A NEAR contract for the chain command tests (no ../shared needed):
;;   echo()             returns its input
;;   store()            writes its input under "k", logs "stored"
;;   get()              returns the value under "k" (nothing when absent)
;;   fail()             panics with "boom"
;;   store_then_fail()  writes its input under "k", then panics (the write is rolled back)
;;   not_a_method(i32)  exported with parameters: not callable
(module
  (import "env" "input" (func $input (param i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (import "env" "panic_utf8" (func $panic_utf8 (param i64 i64)))
  (import "env" "log_utf8" (func $log_utf8 (param i64 i64)))
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64 i64 i64) (result i64)))
  (import "env" "storage_read" (func $storage_read (param i64 i64 i64) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "k")
  (data (i32.const 8) "boom")
  (data (i32.const 16) "stored")
  ;; The input, copied to offset 1024; returns its length.
  (func $load_input (result i64)
    (call $input (i64.const 0))
    (call $read_register (i64.const 0) (i64.const 1024))
    (call $register_len (i64.const 0)))
  (func $store
    (drop (call $storage_write (i64.const 1) (i64.const 0) (call $load_input) (i64.const 1024) (i64.const 1))))
  (func (export "echo")
    (call $value_return (call $load_input) (i64.const 1024)))
  (func (export "store")
    (call $store)
    (call $log_utf8 (i64.const 6) (i64.const 16)))
  (func (export "get")
    (if (i64.eq (call $storage_read (i64.const 1) (i64.const 0) (i64.const 0)) (i64.const 1))
      (then
        (call $read_register (i64.const 0) (i64.const 1024))
        (call $value_return (call $register_len (i64.const 0)) (i64.const 1024)))))
  (func (export "fail")
    (call $panic_utf8 (i64.const 4) (i64.const 8)))
  (func (export "store_then_fail")
    (call $store)
    (call $panic_utf8 (i64.const 4) (i64.const 8)))
  (func (export "not_a_method") (param i32)))

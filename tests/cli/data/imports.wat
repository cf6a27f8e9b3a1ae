;; Needs a host function that `syncwasm run` does not provide.
(module
  (import "env" "log" (func $log (param i32)))
  (func (export "main") (call $log (i32.const 1)))
)

;; The start function traps while instantiating.
(module
  (func $start unreachable)
  (start $start)
  (func (export "main") (result i32) (i32.const 1))
)

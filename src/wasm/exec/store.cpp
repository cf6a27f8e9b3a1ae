// Store: creation of run-time objects, linking and instantiation, and invocation.
#include "syncwasm/wasm/store.h"

#include <sys/mman.h>

#include <cstring>
#include <mutex>

#include "exec/interpreter.h"

namespace syncwasm::wasm {

namespace {

// Mappings of execution stacks for reuse, with their sizes. Pages a finished execution
// touched stay resident (they hold garbage, which frames never read before writing).
struct StackPool {
  std::mutex mu;
  std::vector<std::pair<uint8_t*, size_t>> free;
  static constexpr size_t kMaxPooled = 64;

  uint8_t* take(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mu);
      for (size_t i = 0; i < free.size(); ++i) {
        if (free[i].second != bytes) continue;
        uint8_t* p = free[i].first;
        free[i] = free.back();
        free.pop_back();
        return p;
      }
    }
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
  }
  void give(uint8_t* p, size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (free.size() < kMaxPooled) {
        free.emplace_back(p, bytes);
        return;
      }
    }
    munmap(p, bytes);
  }
};

StackPool& stack_pool() {
  static StackPool pool;
  return pool;
}

}  // namespace

Store::Impl::Impl(const EngineLimits& limits) {
  size_t slot_bytes = size_t(limits.max_stack_slots) * sizeof(Slot);
  size_t frame_bytes = (size_t(limits.max_call_depth) + 1) * sizeof(Frame);
  mapping_bytes = slot_bytes + frame_bytes;
  mapping = stack_pool().take(mapping_bytes);
  if (!mapping) return;  // invoke reports CallStackExhausted
  stack = reinterpret_cast<Slot*>(mapping);
  stack_end = stack + limits.max_stack_slots;
  sp = stack;
  frames = reinterpret_cast<Frame*>(mapping + slot_bytes);
}

Store::Impl::~Impl() {
  if (mapping) stack_pool().give(mapping, mapping_bytes);
}

Store::Store(EngineConfig config) : config_(config), impl_(std::make_unique<Impl>(config_.limits)) {}
Store::~Store() = default;

FuncInstance* Store::create_host_function(FuncType type, HostFunction fn, void* user) {
  host_types_.push_back(std::make_unique<FuncType>(std::move(type)));
  auto f = std::make_unique<FuncInstance>();
  f->type = host_types_.back().get();
  f->type_id = canonical_type_id(*f->type);
  f->host = fn;
  f->host_user = user;
  funcs_.push_back(std::move(f));
  return funcs_.back().get();
}

Result<MemoryInstance*> Store::create_memory(const MemoryType& type) {
  SW_TRY_ASSIGN(auto mem, MemoryInstance::create(type, config_.limits.max_memory_pages));
  memories_.push_back(std::move(mem));
  return memories_.back().get();
}

TableInstance* Store::create_table(const TableType& type, Slot init) {
  auto t = std::make_unique<TableInstance>();
  t->type = type;
  uint64_t max = type.limits.max ? *type.limits.max : UINT32_MAX;
  t->max_elements = uint32_t(std::min<uint64_t>(max, config_.limits.max_table_elements));
  t->elems.assign(std::min<uint64_t>(type.limits.min, t->max_elements), init);
  tables_.push_back(std::move(t));
  return tables_.back().get();
}

GlobalInstance* Store::create_global(const GlobalType& type, Slot value) {
  auto g = std::make_unique<GlobalInstance>();
  g->type = type;
  g->value = value;
  globals_.push_back(std::move(g));
  return globals_.back().get();
}

std::optional<Extern> Instance::find_export(std::string_view name) const {
  const Export* e = module->find_export(name);
  if (!e) return std::nullopt;
  Extern x;
  x.kind = e->kind;
  switch (e->kind) {
    case ExternKind::Func: x.func = funcs[e->index]; break;
    case ExternKind::Table: x.table = tables[e->index]; break;
    case ExternKind::Memory: x.memory = memories[e->index]; break;
    case ExternKind::Global: x.global = globals[e->index]; break;
  }
  return x;
}

namespace {

Error unlinkable(const Import& im, const std::string& why) {
  return make_error(ErrorKind::Unlinkable, why + " for import \"" + im.module + "\" \"" + im.name + "\"");
}

bool limits_match(uint64_t have_min, std::optional<uint64_t> have_max, const Limits& want) {
  if (have_min < want.min) return false;
  if (want.max) return have_max && *have_max <= *want.max;
  return true;
}

Result<void> check_import(const Module& m, const Import& im, const Extern& x) {
  if (x.kind != im.kind) return unlinkable(im, "incompatible import type (kind)");
  switch (im.kind) {
    case ExternKind::Func:
      if (!x.func || *x.func->type != m.types[im.func_type]) return unlinkable(im, "incompatible import type");
      break;
    case ExternKind::Table:
      if (!x.table || x.table->type.elem != im.table.elem ||
          !limits_match(x.table->elems.size(), x.table->type.limits.max, im.table.limits))
        return unlinkable(im, "incompatible import type");
      break;
    case ExternKind::Memory:
      if (!x.memory || !limits_match(x.memory->pages(), x.memory->type().limits.max, im.memory.limits))
        return unlinkable(im, "incompatible import type");
      break;
    case ExternKind::Global:
      if (!x.global || x.global->type.type != im.global.type || x.global->type.mut != im.global.mut)
        return unlinkable(im, "incompatible import type");
      break;
  }
  return {};
}

Slot eval_const(const ConstExpr& e, const Instance& inst) {
  switch (e.op) {
    case ConstExpr::Op::Value: return e.value;
    case ConstExpr::Op::RefNull: return 0;
    case ConstExpr::Op::RefFunc: return reinterpret_cast<Slot>(inst.funcs[e.index]);
    case ConstExpr::Op::GlobalGet: return inst.globals[e.index]->value;
  }
  return 0;
}

Error uninstantiable(TrapKind trap, const std::string& where) {
  Error e = make_error(ErrorKind::Uninstantiable, std::string(trap_message(trap)) + " (" + where + ")");
  e.trap = trap;
  return e;
}

}  // namespace

Result<Instance*> Store::instantiate(std::shared_ptr<const Module> module, std::span<const Extern> imports,
                                     bool keep_on_failure) {
  const Module& m = *module;
  if (imports.size() != m.imports.size())
    return make_error(ErrorKind::Unlinkable, "module needs " + std::to_string(m.imports.size()) +
                                                 " imports, got " + std::to_string(imports.size()));
  for (size_t i = 0; i < imports.size(); ++i) SW_TRY(check_import(m, m.imports[i], imports[i]));

  auto owned = std::make_unique<Instance>();
  Instance& inst = *owned;
  inst.module = module;
  inst.funcs.reserve(m.func_types.size());
  inst.tables.reserve(m.tables.size());
  inst.memories.reserve(m.memories.size());
  inst.globals.reserve(m.global_types.size());
  for (const Extern& x : imports) {
    switch (x.kind) {
      case ExternKind::Func: inst.funcs.push_back(x.func); break;
      case ExternKind::Table: inst.tables.push_back(x.table); break;
      case ExternKind::Memory: inst.memories.push_back(x.memory); break;
      case ExternKind::Global: inst.globals.push_back(x.global); break;
    }
  }
  inst.own_funcs.resize(m.functions.size());
  for (size_t i = 0; i < m.functions.size(); ++i) {
    FuncInstance& f = inst.own_funcs[i];
    uint32_t type_index = m.functions[i].type_index;
    f.type = &m.types[type_index];
    f.type_id = m.type_ids[type_index];
    f.instance = &inst;
    f.code = &m.functions[i];
    inst.funcs.push_back(&f);
  }
  inst.own_tables.resize(m.tables.size() - m.num_imported_tables);
  for (size_t i = 0; i < inst.own_tables.size(); ++i) {
    TableInstance& t = inst.own_tables[i];
    t.type = m.tables[m.num_imported_tables + i];
    uint64_t max = t.type.limits.max ? *t.type.limits.max : UINT32_MAX;
    t.max_elements = uint32_t(std::min<uint64_t>(max, config_.limits.max_table_elements));
    if (t.type.limits.min > t.max_elements)
      return make_error(ErrorKind::LimitExceeded, "table of " + std::to_string(t.type.limits.min) +
                                                      " elements exceeds max_table_elements " +
                                                      std::to_string(t.max_elements));
    inst.tables.push_back(&t);
  }
  for (size_t i = m.num_imported_memories; i < m.memories.size(); ++i) {
    SW_TRY_ASSIGN(auto mem, MemoryInstance::create(m.memories[i], config_.limits.max_memory_pages));
    inst.memories.push_back(mem.get());
    inst.own_memories.push_back(std::move(mem));
  }
  inst.own_globals.resize(m.globals.size());
  for (size_t i = 0; i < m.globals.size(); ++i) {
    inst.own_globals[i].type = m.globals[i].type;
    inst.globals.push_back(&inst.own_globals[i]);
  }
  inst.memory0 = inst.memories.empty() ? nullptr : inst.memories[0];
  // The store keeps the instance even if a segment or the start function traps: tables and
  // memories it wrote into may be shared and refer to its functions.
  instances_.push_back(std::move(owned));
  if (auto initialized = initialize(inst); !initialized.ok()) {
    if (!keep_on_failure) release_instance(&inst);
    return initialized.take_error();
  }
  return &inst;
}

// Sets what the instance defines to its initial state, applies the segments and runs the
// start function: the part of instantiation that reset_instance repeats.
Result<void> Store::initialize(Instance& inst) {
  const Module& m = *inst.module;
  for (size_t i = 0; i < m.globals.size(); ++i) inst.own_globals[i].value = eval_const(m.globals[i].init, inst);
  for (TableInstance& t : inst.own_tables) t.elems.assign(t.type.limits.min, 0);
  inst.dropped_datas.assign(m.datas.size(), 0);
  inst.elem_segments.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    auto& values = inst.elem_segments[i];
    values.clear();
    for (const auto& item : m.elems[i].items) values.push_back(eval_const(item, inst));
  }
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode == SegmentMode::Passive) continue;
    if (seg.mode == SegmentMode::Active) {
      TableInstance* t = inst.tables[seg.table];
      uint64_t offset = uint32_t(eval_const(seg.offset, inst));
      const auto& values = inst.elem_segments[i];
      if (offset + values.size() > t->elems.size())
        return uninstantiable(TrapKind::TableOutOfBounds, "element segment " + std::to_string(i));
      std::copy(values.begin(), values.end(), t->elems.begin() + ptrdiff_t(offset));
    }
    inst.elem_segments[i].clear();  // active and declarative segments are dropped
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != SegmentMode::Active) continue;
    MemoryInstance* mem = inst.memories[seg.memory];
    uint64_t offset = uint32_t(eval_const(seg.offset, inst));
    if (offset + seg.bytes.size() > mem->size_bytes())
      return uninstantiable(TrapKind::MemoryOutOfBounds, "data segment " + std::to_string(i));
    if (!seg.bytes.empty())
      std::memcpy(mem->writable(offset, seg.bytes.size()), seg.bytes.data(), seg.bytes.size());
    inst.dropped_datas[i] = 1;
  }
  if (m.start) {
    ExecResult r = invoke(inst.funcs[*m.start], {}, {});
    if (!r.ok()) {
      Error e = make_error(ErrorKind::Uninstantiable, r.message + " (start function)");
      e.trap = r.trap;
      return e;
    }
  }
  return {};
}

Result<void> Store::reset_instance(Instance* instance) {
  const Module& m = *instance->module;
  for (size_t i = 0; i < instance->own_memories.size(); ++i)
    instance->own_memories[i]->reset(uint32_t(m.memories[m.num_imported_memories + i].limits.min));
  return initialize(*instance);
}

void Store::release_instance(Instance* instance) {
  for (size_t i = instances_.size(); i-- > 0;) {
    if (instances_[i].get() != instance) continue;
    instances_[i] = std::move(instances_.back());
    instances_.pop_back();
    return;
  }
}

void Store::set_gas_left(uint64_t gas) { impl_->gas_left = gas; }
uint64_t Store::gas_left() const { return impl_->gas_left; }
GasFailure Store::last_gas_failure() const { return impl_->gas_failure; }
TrapKind Store::charge_gas(uint64_t amount) {
  if (impl_->gas_left < amount) {
    impl_->gas_failure = {amount, impl_->gas_left};
    impl_->gas_left = 0;
    return TrapKind::OutOfGas;
  }
  impl_->gas_left -= amount;
  return TrapKind::None;
}

ExecResult Store::invoke(FuncInstance* func, std::span<const Slot> args, std::span<Slot> results) {
  ExecResult out;
  const FuncType& ft = *func->type;
  if (args.size() != ft.params.size() || results.size() != ft.results.size()) {
    out.trap = TrapKind::HostError;
    out.message = "invoke: function of type " + to_string(ft) + " called with " + std::to_string(args.size()) +
                  " arguments and " + std::to_string(results.size()) + " result slots";
    return out;
  }
  Impl& st = *impl_;
  size_t slots = std::max(args.size(), results.size());
  if (!st.stack || st.sp + slots > st.stack_end) {
    out.trap = TrapKind::CallStackExhausted;
    out.message = trap_message(out.trap);
    return out;
  }
  Slot* base = st.sp;
  std::copy(args.begin(), args.end(), base);
  host_error_.clear();
  TrapKind t = Interpreter::run(this, func, base, nullptr);
  st.sp = base;
  if (t != TrapKind::None) {
    out.trap = t;
    out.message = trap_message(t);
    if (t == TrapKind::HostError && !host_error_.empty()) out.message += ": " + host_error_;
    return out;
  }
  std::copy(base, base + results.size(), results.begin());
  return out;
}

}  // namespace syncwasm::wasm

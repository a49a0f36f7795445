// The vm::CodeBackend the JIT provides: finding each instruction's opcode,
// translating a code unit with UnitCompiler and rewriting its instruction
// words to the native addresses, the entry trampoline (the other half of the
// register contract in emitter.h), run(), and the perf map.
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "jit/jit.h"
#include "jit/x64/emitter.h"
#include "vm/bif/registry.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/heap/heap.h"
#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/proc/signals.h"
#include "vm/term/atom.h"
#include "vm/vm.h"

namespace girder::jit {

namespace x64 {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
Layout compute_layout() {
  vm::Process::NativeLayout pl = vm::Process::native_layout();
  auto i32 = [](std::size_t v) { return static_cast<std::int32_t>(v); };
  return Layout{i32(pl.pc),
                i32(pl.cp),
                i32(pl.e),
                i32(pl.stack_lo),
                i32(pl.heap + vm::Heap::top_offset()),
                i32(pl.heap + vm::Heap::limit_offset()),
                i32(pl.charged),
                i32(pl.messages + vm::MessageQueue::save_offset()),
                i32(pl.bif_outcome_pending),
                i32(pl.resume_length),
                i32(offsetof(vm::MachineState, x)),
                i32(offsetof(vm::MachineState, reds)),
                i32(offsetof(vm::MachineState, bif_args)),
                i32(offsetof(vm::ExportEntry, slots)),
                i32(offsetof(vm::ExportEntry, bif_fn)),
                i32(offsetof(vm::FunEntry, arity)),
                i32(offsetof(vm::FunEntry, address)),
                i32(offsetof(vm::Signal, message))};
}
#pragma GCC diagnostic pop

}  // namespace x64

namespace {

using namespace asmjit;
using namespace x64;
using vm::RunResult;

// Keeps the first asmjit error of a translation (emitters keep going).
class ErrorRecorder : public ErrorHandler {
 public:
  void handleError(Error err, const char* message, BaseEmitter*) override {
    if (error == kErrorOk) {
      error = err;
      text = message;
    }
  }
  Error error = kErrorOk;
  std::string text;
};

using EnterFn = int (*)(vm::Process*, vm::MachineState*, const Word* pc);

class Jit final : public vm::CodeBackend {
 public:
  Jit(vm::VM& vm, JitOptions options)
      : options_(options), rt_(std::make_shared<JitRuntime>()), layout_(compute_layout()) {
    layout_.code_index = vm.code().code_index_word();
    int fdiv = vm.bifs().find(vm::atoms::erlang, vm.atoms().intern("/"), 2);
    if (fdiv >= 0) inline_bifs_.fdiv = vm.bifs().at(fdiv).fn;
    const std::pair<const char*, x86::CondCode> comparisons[] = {
        {"<", x86::CondCode::kL},   {"=<", x86::CondCode::kLE}, {">", x86::CondCode::kG},
        {">=", x86::CondCode::kGE}, {"=:=", x86::CondCode::kE}, {"==", x86::CondCode::kE},
        {"=/=", x86::CondCode::kNE}, {"/=", x86::CondCode::kNE}};
    for (const auto& [name, cc] : comparisons) {
      int bif = vm.bifs().find(vm::atoms::erlang, vm.atoms().intern(name), 2);
      if (bif >= 0) inline_bifs_.comparisons.push_back({vm.bifs().at(bif).fn, cc});
    }
    const void* const* handlers = vm::dispatch_table();
    for (int op = 0; op < vm::kOpcodeCount; ++op) {
      if (vm::is_pseudo(static_cast<Opcode>(op))) continue;
      opcode_of_.emplace(reinterpret_cast<Word>(handlers[op]), static_cast<Opcode>(op));
    }
  }

  bool init(std::string& error) { return build_entry(error); }

  bool translate(Word* code, std::size_t words, std::shared_ptr<void>& owner, std::string& error) override {
    std::vector<std::uint32_t> starts;
    std::vector<Opcode> ops;
    for (std::size_t pc = 0; pc < words;) {
      auto it = opcode_of_.find(code[pc]);
      if (it == opcode_of_.end()) {
        error = "word " + std::to_string(pc) + " is not an instruction";
        return false;
      }
      starts.push_back(static_cast<std::uint32_t>(pc));
      ops.push_back(it->second);
      pc += vm::instruction_words(code + pc, it->second);
    }
    CodeHolder holder;
    ErrorRecorder errors;
    holder.init(rt_->environment());
    holder.setErrorHandler(&errors);
    x86::Assembler a(&holder);
    std::vector<std::uint32_t> starts_copy = starts;
    UnitCompiler unit(a, layout_, inline_bifs_, options_.inline_fast_paths, code, words, std::move(starts), ops);
    if (!unit.compile()) {
      error = "a jump target is not an instruction";
      return false;
    }
    void* fn = finish(holder, errors, error);
    if (fn == nullptr) return false;
    auto base = reinterpret_cast<std::uintptr_t>(fn);
    const std::vector<Label>& labels = unit.labels();
    for (std::size_t pc = 0, i = 0; pc < words; ++i) {
      std::size_t len = vm::instruction_words(code + pc, ops[i]);
      code[pc] = static_cast<Word>(base + holder.labelOffsetFromBase(labels[i]));
      pc += len;
    }
    if (options_.perf_map) write_perf_map(base, holder, labels, code, starts_copy, ops);
    owner = keep_alive(fn);
    return true;
  }

  RunResult run(vm::Process& p, int reductions) override {
    vm::XRegisterFile x_file;
    Term* x = x_file.get();
    vm::begin_slice(p, x);
    vm::MachineState ms{x, reductions, reductions};
    return static_cast<RunResult>(enter_(&p, &ms, p.exec().pc));
  }

 private:
  // /tmp/perf-PID.map: one symbol per instruction ("opcode@bytecode
  // address"), so `perf report` can attribute samples in native code.
  void write_perf_map(std::uintptr_t base, const CodeHolder& holder, const std::vector<Label>& labels, const Word* code,
                      const std::vector<std::uint32_t>& starts, const std::vector<Opcode>& ops) {
    std::string path = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
    std::FILE* f = std::fopen(path.c_str(), "a");
    if (f == nullptr) return;
    std::size_t end = holder.codeSize();
    for (std::size_t i = 0; i < labels.size(); ++i) {
      std::size_t from = holder.labelOffsetFromBase(labels[i]);
      std::size_t to = i + 1 < labels.size() ? holder.labelOffsetFromBase(labels[i + 1]) : end;
      std::string_view name = vm::opcode_info(ops[i]).name;
      std::fprintf(f, "%lx %lx %.*s@%p\n", static_cast<unsigned long>(base + from),
                   static_cast<unsigned long>(to > from ? to - from : 1), static_cast<int>(name.size()), name.data(),
                   static_cast<const void*>(code + starts[i]));
    }
    std::fclose(f);
  }

  // Put assembled code into executable memory; nullptr (and why) when the
  // assembler or the allocator failed.
  void* finish(CodeHolder& holder, const ErrorRecorder& errors, std::string& error) {
    if (errors.error != kErrorOk) {
      error = "asmjit: " + errors.text;
      return nullptr;
    }
    void* fn = nullptr;
    if (Error err = rt_->add(&fn, &holder); err != kErrorOk) {
      error = std::string("asmjit: ") + DebugUtils::errorAsString(err);
      return nullptr;
    }
    return fn;
  }

  std::shared_ptr<void> keep_alive(void* fn) {
    std::shared_ptr<JitRuntime> rt = rt_;
    return std::shared_ptr<void>(fn, [rt](void* f) { rt->release(f); });
  }

  // enter(Process*, MachineState*, pc): save the callee-saved registers, load
  // the pinned ones and jump to pc's native code. Units leave through their
  // own copy of the matching epilogue (UnitCompiler::emit_step_stub).
  bool build_entry(std::string& error) {
    CodeHolder holder;
    ErrorRecorder errors;
    holder.init(rt_->environment());
    holder.setErrorHandler(&errors);
    x86::Assembler a(&holder);
    for (const x86::Gp& r : kCalleeSaved) a.push(r);
    a.sub(x86::rsp, 8);  // 16-byte alignment for calls from native code
    a.mov(kRegP, x86::rdi);
    a.mov(kRegMS, x86::rsi);
    a.mov(kRegX, x86::qword_ptr(x86::rsi, layout_.ms_x));
    a.movsxd(kRegReds, x86::dword_ptr(x86::rsi, layout_.ms_reds));
    a.mov(kRegE, x86::qword_ptr(x86::rdi, layout_.e));
    a.mov(kRegCP, x86::qword_ptr(x86::rdi, layout_.cp));
    a.jmp(x86::qword_ptr(x86::rdx));
    void* fn = finish(holder, errors, error);
    if (fn == nullptr) return false;
    enter_ = reinterpret_cast<EnterFn>(fn);
    enter_owner_ = keep_alive(fn);
    return true;
  }

  JitOptions options_;
  InlineBifs inline_bifs_;
  std::shared_ptr<JitRuntime> rt_;
  Layout layout_;
  std::unordered_map<Word, Opcode> opcode_of_;
  EnterFn enter_ = nullptr;
  std::shared_ptr<void> enter_owner_;
};

}  // namespace

bool available() {
#if defined(__x86_64__)
  return true;
#else
  return false;
#endif
}

std::unique_ptr<vm::CodeBackend> make_backend(vm::VM& vm, JitOptions options) {
  if (!available()) return nullptr;
  auto jit = std::make_unique<Jit>(vm, options);
  std::string error;
  if (!jit->init(error)) return nullptr;
  return jit;
}

}  // namespace girder::jit

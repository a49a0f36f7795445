// Shared by the interpreter and code-version tests (interp_test.cpp,
// code_test.cpp): a module builder over the loader's assembler form, and a
// VM that runs processes by hand (no scheduler threads) under the
// interpreter, the JIT, or the JIT with every instruction stepped.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jit/jit.h"
#include "loader/asm.h"
#include "loader/code_path.h"
#include "loader/load.h"
#include "stdlib/embedded.h"
#include "tools/compiler/codegen.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/proc/process.h"
#include "vm/proc/process_table.h"
#include "vm/proc/signals.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/map.h"
#include "vm/text/etf.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::exec_test {

using loader::AsmInstr;
using loader::AsmModule;
using O = loader::AsmOperand;
using vm::Opcode;
using vm::Process;
using vm::Term;
using vm::Word;

// ---------------------------------------------------------------------------
// Building modules instruction by instruction.

class ModuleBuilder {
 public:
  explicit ModuleBuilder(const std::string& name) {
    m_.atoms = {name};
    m_.source_file = name + ".erl";
    m_.label_count = 1;
  }

  std::uint32_t atom_index(std::string_view text) {
    for (std::size_t i = 0; i < m_.atoms.size(); ++i) {
      if (m_.atoms[i] == text) return static_cast<std::uint32_t>(i);
    }
    m_.atoms.emplace_back(text);
    return static_cast<std::uint32_t>(m_.atoms.size() - 1);
  }
  O atom(std::string_view text) { return O::atom(atom_index(text)); }

  O import(std::string_view module, std::string_view function, unsigned arity) {
    loader::AsmImport imp{atom_index(module), atom_index(function), arity};
    for (std::size_t i = 0; i < m_.imports.size(); ++i) {
      const auto& e = m_.imports[i];
      if (e.module == imp.module && e.function == imp.function && e.arity == imp.arity) {
        return O::import(static_cast<std::int64_t>(i));
      }
    }
    m_.imports.push_back(imp);
    return O::import(static_cast<std::int64_t>(m_.imports.size() - 1));
  }

  // A literal in the external term format (see etf_of below).
  O literal(std::vector<std::uint8_t> etf) {
    m_.literals.push_back(std::move(etf));
    return O::literal(static_cast<std::int64_t>(m_.literals.size() - 1));
  }

  int new_label() { return static_cast<int>(m_.label_count++); }

  // Start a function: label, func_info, entry label. `entry` may be a label
  // taken earlier with new_label() (for calls that precede the function).
  // head_label() is then the label of its func_info (a jump there raises
  // function_clause).
  int function(std::string_view name, unsigned arity, bool exported = true, int entry = 0) {
    head_ = new_label();
    if (entry == 0) entry = new_label();
    bind(head_);
    emit(Opcode::func_info, {O::atom(0), atom(name), O::integer(arity)});
    bind(entry);
    if (exported) m_.exports.push_back({atom_index(name), arity, static_cast<std::uint32_t>(entry)});
    return entry;
  }
  int head_label() const { return head_; }

  // A lambda whose code is the function `name` (arity counts the free
  // variables too) at `entry`; returns its index for make_fun.
  std::int64_t lambda(std::string_view name, unsigned arity, unsigned num_free, int entry) {
    m_.lambdas.push_back({atom_index(name), arity, num_free, static_cast<std::uint32_t>(entry)});
    return static_cast<std::int64_t>(m_.lambdas.size() - 1);
  }

  void bind(int label) { emit(Opcode::label, {O::integer(label)}); }
  void emit(Opcode op, std::vector<O> ops = {}) { m_.code.push_back(AsmInstr{op, std::move(ops)}); }

  const AsmModule& module() const { return m_; }
  AsmModule& module() { return m_; }

 private:
  AsmModule m_;
  int head_ = 0;
};

// Shorthands for operands.
inline O X(std::int64_t n) { return O::x(n); }
inline O Y(std::int64_t n) { return O::y(n); }
inline O Int(std::int64_t v) { return O::integer(v); }
inline O Lbl(int l) { return O::label(l); }
inline O Nil() { return O::nil(); }

// Compile Erlang source in memory (the compiler the CLI uses).
inline AsmModule compile_erlang(const std::string& source, const std::string& file) {
  compiler::CodegenResult r = compiler::compile_source(source, file);
  if (!r.module) {
    std::string errors;
    for (const auto& d : r.errors) errors += d.format() + "\n";
    ADD_FAILURE() << "compile errors in " << file << ":\n" << errors;
    return AsmModule{};
  }
  return std::move(*r.module);
}

// ---------------------------------------------------------------------------
// A VM with processes run by hand.

enum class ExecMode { Interp, Jit, JitStep };

inline const char* mode_name(ExecMode m) {
  switch (m) {
    case ExecMode::Interp: return "interp";
    case ExecMode::Jit: return "jit";
    case ExecMode::JitStep: return "jitstep";
  }
  return "?";
}

// Builds a term on a process heap (arguments, messages).
using TermFn = std::function<Term(Process&)>;
using ArgsFn = std::function<std::vector<Term>(Process&)>;

// Small builders for TermFn, so arguments read like the terms they are:
// TTuple({TAtom("ok"), TInt(1)}) is {ok, 1}.
inline TermFn TInt(vm::SWord v) {
  return [v](Process& p) { return vm::make_integer(p, v); };
}
inline TermFn TBig(std::string decimal) {
  return [decimal](Process& p) { return vm::int_from_string(p, decimal); };
}
inline TermFn TAtom(std::string name) {
  return [name](Process& p) { return p.vm().atoms().intern(name); };
}
inline TermFn TFloat(double d) {
  return [d](Process& p) { return vm::make_float(p, d); };
}
inline TermFn TNil() {
  return [](Process&) { return vm::kNil; };
}
inline TermFn TBin(std::string bytes) {
  return [bytes](Process& p) { return vm::make_binary(p, bytes); };
}
inline TermFn TTuple(std::vector<TermFn> elements) {
  return [elements](Process& p) {
    std::vector<Term> ts;
    for (const TermFn& e : elements) ts.push_back(e(p));
    return vm::make_tuple(p, std::span<const Term>(ts));
  };
}
inline TermFn TList(std::vector<TermFn> elements, TermFn tail = TNil()) {
  return [elements, tail](Process& p) {
    std::vector<Term> ts;
    for (const TermFn& e : elements) ts.push_back(e(p));
    return vm::make_list(p, ts, tail(p));
  };
}
inline TermFn TMap(std::vector<std::pair<TermFn, TermFn>> pairs) {
  return [pairs](Process& p) {
    std::vector<Term> ks, vs;
    for (const auto& [k, v] : pairs) {
      ks.push_back(k(p));
      vs.push_back(v(p));
    }
    return vm::map_from_pairs(p, ks, vs);
  };
}
inline ArgsFn Args(std::vector<TermFn> args) {
  return [args](Process& p) {
    std::vector<Term> ts;
    for (const TermFn& a : args) ts.push_back(a(p));
    return ts;
  };
}

// How a process ended: "<waiting>" while it waits in receive, the returned
// value (~w) after a return, else "Class:Reason" (~w); `frame` is the top
// stack frame of an uncaught exception (~w), or "", and `trace` the whole
// stack trace.
struct Outcome {
  std::string value;
  std::string frame;
  std::string trace;
};

class TestVM {
 public:
  explicit TestVM(ExecMode mode) : mode_(mode) {
    vm_ = std::make_unique<vm::VM>();
    if (mode != ExecMode::Interp) {
      jit::JitOptions jo;
      jo.inline_fast_paths = mode == ExecMode::Jit;
      if (std::unique_ptr<vm::CodeBackend> backend = jit::make_backend(*vm_, jo)) {
        std::string error;
        if (!vm_->set_backend(std::move(backend), error)) ADD_FAILURE() << "JIT: " << error;
      }
    }
    loader::register_bif_exports(*vm_);
    loader::ModuleSources sources;
    sources.embedded = [](std::string_view name) { return stdlib::embedded_module(name); };
    vm_->code().set_loader(loader::make_code_path_loader(sources));
  }
  // Processes first: they belong to the VM.
  ~TestVM() { processes_.clear(); }

  vm::VM& vm() { return *vm_; }
  ExecMode mode() const { return mode_; }
  bool native() const { return vm_->backend() != nullptr; }
  Term atom(std::string_view s) { return vm_->atoms().intern(s); }

  bool load(const AsmModule& m, std::string& error) { return loader::load_module(*vm_, m, error); }
  void load_or_fail(const AsmModule& m) {
    std::string error;
    ASSERT_TRUE(load(m, error)) << mode_name(mode_) << ": " << error;
  }

  // A fresh process about to call M:F(Args) through the export entry (not
  // yet run). It lives as long as this TestVM.
  Process& spawn(std::string_view module, std::string_view function, const ArgsFn& args = {}) {
    auto p = std::make_unique<Process>(*vm_, vm_->processes().next_id());
    std::vector<Term> a;
    if (args) a = args(*p);
    vm::ExportEntry* e = vm_->code().export_entry(atom(module), atom(function), static_cast<unsigned>(a.size()));
    const Word* address = vm_->code().address(e);
    EXPECT_NE(address, nullptr) << module << ":" << function << "/" << a.size() << " is not loaded";
    p->exec().args = a;
    p->exec().pc = address;
    p->exec().cp = nullptr;
    p->exec().e = p->stack_hi();
    processes_.push_back(std::move(p));
    return *processes_.back();
  }

  // Run until the process exits or waits in receive, in slices of 4000
  // reductions; slices() says how many the last run took.
  vm::RunResult run(Process& p) {
    vm::RunResult r;
    slices_ = 1;
    while ((r = vm::run(p, 4000)) == vm::RunResult::Yielded) {
      if (++slices_ > 1000000) {
        ADD_FAILURE() << "process does not finish";
        break;
      }
    }
    return r;
  }
  int slices() const { return slices_; }

  // Put a message (built by `msg` on a scratch heap, then deep-copied) into
  // p's inbox, as another process's send would.
  void send(Process& p, const TermFn& msg) {
    Process sender(*vm_, vm_->processes().next_id());
    vm::Signal* s = vm::message_signal(sender.self(), msg(sender));
    ASSERT_TRUE(p.inbox().push(s));
  }

  Outcome outcome(Process& p, vm::RunResult r) {
    Outcome o;
    if (r == vm::RunResult::Waiting) {
      o.value = "<waiting>";
      return o;
    }
    if (p.return_value().is_value()) {
      o.value = text(p.return_value());
      return o;
    }
    o.value = text(p.error_class()) + ":" + text(p.error_reason());
    Term trace = p.error_stacktrace();
    if (trace.is_list()) o.frame = text(trace.head());
    o.trace = text(trace);
    return o;
  }

  Outcome call(std::string_view module, std::string_view function, const ArgsFn& args = {}) {
    Process& p = spawn(module, function, args);
    if (p.exec().pc == nullptr) return Outcome{"<undefined>", "", ""};
    return outcome(p, run(p));
  }

  std::string text(Term t) { return vm::write_term(*vm_, t); }

  // A term as a module literal (the external term format).
  std::vector<std::uint8_t> etf_of(const TermFn& build) {
    Process scratch(*vm_, vm_->processes().next_id());
    std::vector<std::uint8_t> out;
    EXPECT_EQ(vm::etf_encode(*vm_, build(scratch), vm::EtfOptions{}, out), vm::EtfError::Ok);
    return out;
  }

 private:
  ExecMode mode_;
  std::unique_ptr<vm::VM> vm_;
  std::vector<std::unique_ptr<Process>> processes_;
  int slices_ = 0;
};

}  // namespace girder::exec_test

#include "vm/embed/runtime.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef GIRDER_WITHOUT_JIT
#include "jit/jit.h"
#endif
#include "loader/load.h"
#include "loader/module_file.h"
#include "stdlib/embedded.h"
#include "tools/compiler/codegen.h"
#include "tools/compiler/frontend.h"
#include "vm/exec/backend.h"
#include "vm/exec/code.h"
#include "vm/exec/interp.h"
#include "vm/proc/process.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/signals.h"
#include "vm/proc/waiter.h"
#include "vm/term/build.h"
#include "vm/text/print.h"

namespace girder {

namespace {

std::string join_errors(const std::vector<compiler::Diagnostic>& errors) {
  std::string out;
  for (const auto& d : errors) out += d.format() + "\n";
  return out;
}

bool compile_file(const std::string& path, loader::AsmModule& out, std::string& error) {
  std::string source;
  if (!read_file(path, source)) {
    error = path + ": cannot read file";
    return false;
  }
  compiler::CodegenResult r = compiler::compile_source(source, path);
  if (!r.module) {
    error = join_errors(r.errors);
    if (!error.empty() && error.back() == '\n') error.pop_back();
    return false;
  }
  out = std::move(*r.module);
  return true;
}

}  // namespace

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

Runtime::Runtime(RuntimeOptions options) {
  vm::VMOptions vo;
  vo.code_path = std::move(options.code_path);
  vo.control_path = options.control_path;
  vo.write_stdout = std::move(options.write_stdout);
  vo.write_stderr = std::move(options.write_stderr);
  vo.default_max_heap_words = options.default_max_heap_words;
  vo.vm_heap_limit_words = options.vm_heap_limit_words;
  vo.heap_allocate = options.heap_allocate;
  vo.heap_release = options.heap_release;
  vo.heap_allocator_userdata = options.heap_allocator_userdata;
  vm_ = std::make_unique<vm::VM>(std::move(vo));
#ifndef GIRDER_WITHOUT_JIT
  // (libgirder.so is built without the JIT: Debian's asmjit is a static
  // archive built without -fPIC, which no shared object can contain; see
  // vm/embed/packaging.cmake.)
  if (options.jit != RuntimeOptions::Jit::Off) {
    // Without a backend (another architecture, or asmjit failing to start)
    // the interpreter runs everything.
    jit::JitOptions jo;
    jo.inline_fast_paths = options.jit != RuntimeOptions::Jit::Step;
    jo.perf_map = options.perf_map;
    if (std::unique_ptr<vm::CodeBackend> backend = jit::make_backend(*vm_, jo)) {
      std::string error;
      if (!vm_->set_backend(std::move(backend), error)) vm_->write_stderr("girder: JIT disabled: " + error + "\n");
    }
  }
#endif
  vm_->scheduler().configure(vm::SchedulerOptions{options.schedulers, options.seed, options.host_driven});
  sources_.embedded = [](std::string_view name) { return stdlib::embedded_module(name); };
  sources_.compile = compile_file;
  loader::register_bif_exports(*vm_);
  vm_->code().set_loader(loader::make_code_path_loader(sources_));
  vm_->code().set_binary_loader(loader::load_module_binary);
  vm_->code().set_binary_checker(loader::check_module_binary);
  vm_->code().set_binary_preparer(loader::prepare_module_binary);
  vm_->code().set_compiler([](const vm::CompileRequest& request, std::vector<std::uint8_t>& bytes, std::string& module,
                              std::vector<vm::CompileMessage>& errors) {
    std::string source;
    if (!read_file(request.path, source)) {
      errors.push_back({request.path, 0, 0, "cannot read file"});
      return false;
    }
    compiler::FrontendOptions options;
    options.include_dirs = request.include_dirs;
    options.defines = request.defines;
    compiler::CodegenResult r = compiler::compile_source(source, request.path, options);
    if (!r.module) {
      for (const auto& d : r.errors) errors.push_back({d.file, d.line, d.col, d.message});
      return false;
    }
    module = r.module->atoms[0];
    bytes = loader::write_module(*r.module);
    return true;
  });
  vm_->code().set_term_reader([](std::string_view text, std::uint32_t first_line) {
    compiler::TermResult r = compiler::parse_term(text, first_line);
    vm::TermReadResult out;
    out.etf = std::move(r.etf);
    out.line = r.error.line;
    out.scan_error = r.scan_error;
    switch (r.status) {
      case compiler::TermResult::Status::Ok: out.status = vm::TermReadResult::Status::Ok; break;
      case compiler::TermResult::Status::Eof: out.status = vm::TermReadResult::Status::Eof; break;
      case compiler::TermResult::Status::Error: out.status = vm::TermReadResult::Status::Error; break;
    }
    static constexpr std::string_view kBefore = "syntax error before: ";
    if (r.scan_error) {
      out.text = r.error.message;
      out.token = std::move(r.unterminated);
    } else if (r.error.message.starts_with(kBefore)) {
      out.syntax_before = true;
      out.token = r.error.message.substr(kBefore.size());
    } else {
      out.text = r.error.message;
    }
    return out;
  });
  vm_->code().set_path_reloader([sources = sources_](vm::VM& vm, vm::Term module, std::string& error) {
    return loader::load_from_code_path(vm, module, sources, error);
  });
}

bool Runtime::load_source_file(const std::string& path, std::string& errors) {
  return loader::load_file(*vm_, path, sources_, errors);
}

std::string format_crash_report(vm::VM& vm, vm::Term error_class, vm::Term reason, vm::Term stacktrace) {
  std::string out = "** exception " + std::string(vm.atoms().name(error_class)) + ": ";
  out += vm::print_term(vm, reason, 1 + static_cast<int>(out.size()), 80, -1, true);
  out += "\n";
  // Frames: {M, F, A|Args, [{file, F}, {line, L}]}
  bool first = true;
  for (vm::Term l = stacktrace; l.is_list(); l = l.tail()) {
    vm::Term frame = l.head();
    if (!frame.is_tuple() || frame.tuple_arity() != 4) continue;
    vm::Term m = frame.element(0), f = frame.element(1), a = frame.element(2), loc = frame.element(3);
    std::string arity;
    if (a.is_small()) {
      arity = std::to_string(a.small_value());
    } else {
      arity = std::to_string(vm::list_length(a));
    }
    std::string where;
    std::string file;
    long line = 0;
    for (vm::Term i = loc; i.is_list(); i = i.tail()) {
      vm::Term item = i.head();
      if (!item.is_tuple() || item.tuple_arity() != 2) continue;
      if (item.element(0) == vm::atoms::file) vm::string_from_chars(item.element(1), file);
      if (item.element(0) == vm::atoms::line && item.element(1).is_small()) line = item.element(1).small_value();
    }
    if (!file.empty()) where = " (" + file + (line ? ":" + std::to_string(line) : "") + ")";
    out += first ? "     in function  " : "     in call from ";
    out += vm::format_atom(vm, m) + ":" + vm::format_atom(vm, f) + "/" + arity + where + "\n";
    if (first && !a.is_small()) {
      out += "        called as " + vm::format_atom(vm, m) + ":" + vm::format_atom(vm, f) + "(";
      bool comma = false;
      for (vm::Term i = a; i.is_list(); i = i.tail()) {
        if (comma) out += ",";
        out += vm::write_term(vm, i.head(), -1, true);
        comma = true;
      }
      out += ")\n";
    }
    first = false;
  }
  return out;
}

Runtime::Outcome Runtime::call(vm::Term module, vm::Term function, const std::vector<std::string>& string_args,
                               bool pass_args, bool print_result) {
  Outcome outcome;
  vm::VM& v = *vm_;
  unsigned arity = pass_args ? 1 : 0;
  vm::ExportEntry* entry = v.code().export_entry(module, function, arity);
  std::string error;
  if (v.code().address(entry) == nullptr && entry->bif < 0) {
    v.code().ensure_loaded(module, error);
  }
  const vm::Word* address = v.code().address(entry);
  if (address == nullptr) {
    v.write_stderr("girder: " + std::string(v.atoms().name(module)) + ":" + std::string(v.atoms().name(function)) +
                   "/" + std::to_string(arity) + " is not defined" + (error.empty() ? "" : " (" + error + ")") + "\n");
    outcome.status = 1;
    return outcome;
  }
  // The main process: spawned like any other and waited for. Its end ends
  // the program (the scheduler stops, other processes are left as they
  // are), as an escript's main does.
  vm::ProcessTable& table = v.processes();
  auto* main = new vm::Process(v, table.next_id());
  main->set_report_crash(false);
  main->set_initial_call(module, function, arity);
  vm::Process& p = *main;
  if (pass_args) {
    std::vector<vm::Term> args;
    for (const std::string& s : string_args) args.push_back(vm::make_string(p, s));
    p.exec().args.push_back(vm::make_list(p, args));
  }
  p.exec().pc = address;
  p.exec().cp = nullptr;
  p.exec().e = p.stack_hi();
  ensure_io_server();
  main->set_group_leader(io_server_);
  // Watched before it is in the table, so even an instant exit is seen.
  vm::ProcessWaiter waiter(v, p.self(), /*expect_alive=*/false);
  waiter.stop_scheduler_on_exit();
  table.insert(main);
  v.scheduler().enqueue(main, -1);
  start();
  const vm::ProcessOutcome& o = waiter.wait();
  stop();
  using Kind = vm::ProcessOutcome::Kind;
  switch (o.kind) {
    case Kind::Returned:
      outcome.returned = true;
      if (print_result) outcome.result_text = vm::print_term(v, o.value, 1, 80, -1, true);
      return outcome;
    case Kind::Halted:
      outcome.status = o.halt_status;
      return outcome;
    case Kind::Deadlocked:
      v.write_stderr("girder: deadlock: the main process waits in receive and no process or timer can wake it\n");
      outcome.status = 1;
      return outcome;
    case Kind::Raised:
    case Kind::Killed:
      // Killed by an exit signal: reported as an exit, without a stack trace.
      v.write_stderr(format_crash_report(v, o.error_class, o.reason, o.stacktrace));
      outcome.status = 1;
      return outcome;
    case Kind::NoProc:
    case Kind::Stopped:
      break;
  }
  v.write_stderr("girder: the scheduler stopped before the main process ended\n");
  outcome.status = 1;
  return outcome;
}

void Runtime::ensure_io_server() {
  std::lock_guard lock(io_server_mutex_);
  if (io_server_.is_value()) return;
  // The standard I/O server: registered as `user`, every process's first
  // group leader (girder_io.erl).
  vm::VM& v = *vm_;
  io_server_ = vm::spawn_root(v, v.atoms().intern("girder_io"), v.atoms().intern("server"), vm::kNil);
  v.processes().register_name(v.atoms().intern("user"), io_server_.pid_index());
  // The control socket's server (girder_control.erl), before any program
  // code runs, so a load can never race the program's first steps.
  if (!v.options().control_path.empty()) {
    vm::spawn_root(v, v.atoms().intern("girder_control"), v.atoms().intern("start"), io_server_);
  }
}

void Runtime::start() {
  ensure_io_server();
  vm_->scheduler().start();
}

vm::Term Runtime::spawn(vm::Term module, vm::Term function, vm::ProcessWaiter* waiter, vm::Term args,
                        bool report_crash) {
  ensure_io_server();
  return vm::spawn_root(*vm_, module, function, io_server_, waiter, args, report_crash);
}

bool compile_to_module_file(std::string_view source, const std::string& name, std::vector<std::uint8_t>& bytes,
                            std::string& module, std::string& errors) {
  compiler::CodegenResult r = compiler::compile_source(std::string(source), name);
  if (!r.module) {
    errors = join_errors(r.errors);
    if (!errors.empty() && errors.back() == '\n') errors.pop_back();
    return false;
  }
  module = r.module->atoms[0];
  bytes = loader::write_module(*r.module);
  return true;
}

void Runtime::stop() { vm_->scheduler().stop(); }

}  // namespace girder

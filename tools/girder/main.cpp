// The girder command line: run, compile, eval, dis, test, load, modules.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "loader/disasm.h"
#include "loader/load.h"
#include "loader/module_file.h"
#include "tools/compiler/codegen.h"
#include "tools/compiler/frontend.h"
#include "tools/girder/control_client.h"
#include "vm/embed/runtime.h"
#include "vm/vm.h"

namespace {

std::string module_name_of(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// The environment speaks to the CLI only (the runtime reads none):
// GIRDER_NO_JIT=1 is --no-jit; GIRDER_JIT=step runs every instruction of
// native code through the interpreter's handler; GIRDER_JIT=perf writes
// /tmp/perf-PID.map for perf.
void apply_jit_environment(girder::RuntimeOptions& options, bool no_jit_flag) {
  const char* no_jit = std::getenv("GIRDER_NO_JIT");
  const char* mode = std::getenv("GIRDER_JIT");
  if (no_jit_flag || (no_jit != nullptr && no_jit[0] != '\0' && no_jit[0] != '0')) {
    options.jit = girder::RuntimeOptions::Jit::Off;
  } else if (mode != nullptr && std::string_view(mode) == "step") {
    options.jit = girder::RuntimeOptions::Jit::Step;
  }
  options.perf_map = mode != nullptr && std::string_view(mode) == "perf";
}

struct SchedulingFlags {
  unsigned schedulers = 0;
  std::uint64_t seed = 0;
  bool no_jit = false;
  std::string control;  // --control PATH
};

int cmd_run(const std::string& file, const std::vector<std::string>& args, const SchedulingFlags& flags) {
  std::string dir = std::filesystem::path(file).parent_path().string();
  girder::RuntimeOptions options;
  options.schedulers = flags.schedulers;
  options.seed = flags.seed;
  apply_jit_environment(options, flags.no_jit);
  options.code_path = {dir.empty() ? "." : dir, "."};
  options.control_path = flags.control;
  girder::Runtime rt(options);
  std::string errors;
  if (!rt.load_source_file(file, errors)) {
    std::cerr << errors << (errors.empty() || errors.back() == '\n' ? "" : "\n");
    return 1;
  }
  girder::vm::VM& vm = rt.vm();
  girder::vm::Term module = vm.atoms().intern(module_name_of(file));
  girder::vm::Term main_atom = vm.atoms().intern("main");
  bool has_main1 = false;
  if (auto* e = vm.code().find_export(module, main_atom, 1)) has_main1 = vm.code().address(e) != nullptr;
  auto outcome = rt.call(module, main_atom, args, has_main1, false);
  vm.flush_output();
  return outcome.status;
}

int cmd_compile(const std::vector<std::string>& files, const std::string& out_dir) {
  int status = 0;
  for (const std::string& path : files) {
    std::string source;
    if (!girder::read_file(path, source)) {
      std::cerr << path << ": cannot read file\n";
      status = 1;
      continue;
    }
    auto r = girder::compiler::compile_source(source, path);
    if (!r.module) {
      for (const auto& d : r.errors) std::cerr << d.format() << "\n";
      status = 1;
      continue;
    }
    auto bytes = girder::loader::write_module(*r.module);
    std::string out = (out_dir.empty() ? std::filesystem::path(path).parent_path().string() : out_dir);
    if (out.empty()) out = ".";
    out += "/" + r.module->atoms[0] + ".gbc";
    std::ofstream o(out, std::ios::binary);
    o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!o) {
      std::cerr << out << ": cannot write\n";
      status = 1;
    }
  }
  return status;
}

// The bytes of a module file for `girder load`: a .gbc as it is, an .erl
// compiled here (the client side), so a module that does not compile never
// reaches the VM.
bool module_bytes(const std::string& path, std::string& name, std::string& bytes) {
  if (std::filesystem::path(path).extension() == ".gbc") {
    if (!girder::read_file(path, bytes)) {
      std::cerr << path << ": cannot read file\n";
      return false;
    }
    name = module_name_of(path);
    return true;
  }
  std::string source;
  if (!girder::read_file(path, source)) {
    std::cerr << path << ": cannot read file\n";
    return false;
  }
  auto r = girder::compiler::compile_source(source, path);
  if (!r.module) {
    for (const auto& d : r.errors) std::cerr << d.format() << "\n";
    return false;
  }
  auto out = girder::loader::write_module(*r.module);
  bytes.assign(reinterpret_cast<const char*>(out.data()), out.size());
  name = r.module->atoms[0];
  return true;
}

int print_reply(const girder::control::Reply& reply, bool json) {
  if (json) {
    std::cout << reply.json << "\n";
  } else {
    (reply.ok ? std::cout : std::cerr) << reply.text;
  }
  return reply.ok ? 0 : 1;
}

int cmd_load(const std::string& vm_path, const std::vector<std::string>& files, bool purge, bool upgrade, bool json) {
  std::vector<std::pair<std::string, std::string>> modules;
  for (const std::string& f : files) {
    std::string name, bytes;
    if (!module_bytes(f, name, bytes)) return 1;
    modules.emplace_back(name, std::move(bytes));
  }
  girder::control::Reply reply;
  std::string error;
  if (!girder::control::request(vm_path, girder::control::load_request(modules, purge, upgrade), reply, error)) {
    std::cerr << "girder load: " << error << "\n";
    return 2;
  }
  return print_reply(reply, json);
}

int cmd_modules(const std::string& vm_path, bool json) {
  girder::control::Reply reply;
  std::string error;
  if (!girder::control::request(vm_path, girder::control::modules_request(), reply, error)) {
    std::cerr << "girder modules: " << error << "\n";
    return 2;
  }
  return print_reply(reply, json);
}

int cmd_eval(const std::string& text, bool no_jit) {
  std::string source = text;
  // Accept a missing final '.' as the shell would not, but scripts often do.
  auto last = source.find_last_not_of(" \t\r\n");
  if (last == std::string::npos || source[last] != '.') source += ".";
  auto parsed = girder::compiler::parse_exprs(source);
  if (!parsed.errors.empty()) {
    for (const auto& d : parsed.errors) std::cerr << d.format() << "\n";
    return 1;
  }
  auto gen = girder::compiler::generate_eval_module(parsed.exprs, "girder_eval");
  if (!gen.module) {
    for (const auto& d : gen.errors) std::cerr << d.format() << "\n";
    return 1;
  }
  girder::RuntimeOptions options;
  options.code_path = {"."};
  apply_jit_environment(options, no_jit);
  girder::Runtime rt(options);
  std::string error;
  if (!girder::loader::load_module(rt.vm(), *gen.module, error)) {
    std::cerr << "girder: " << error << "\n";
    return 1;
  }
  auto& vm = rt.vm();
  auto outcome = rt.call(vm.atoms().intern("girder_eval"), vm.atoms().intern("eval"), {}, false, true);
  if (outcome.returned) vm.write_stdout(outcome.result_text + "\n");
  vm.flush_output();
  return outcome.status;
}

int cmd_dis(const std::string& file) {
  girder::loader::AsmModule m;
  std::string error;
  std::string data;
  if (!girder::read_file(file, data)) {
    std::cerr << file << ": cannot read file\n";
    return 1;
  }
  if (file.size() > 4 && file.substr(file.size() - 4) == ".erl") {
    auto r = girder::compiler::compile_source(data, file);
    if (!r.module) {
      for (const auto& d : r.errors) std::cerr << d.format() << "\n";
      return 1;
    }
    m = std::move(*r.module);
  } else {
    std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    if (!girder::loader::read_module(bytes, m, error)) {
      std::cerr << file << ": " << error << "\n";
      return 1;
    }
  }
  std::cout << girder::loader::disassemble(m);
  return 0;
}

// "foo" for "foo_tests", else "".
std::string tested_module(const std::string& name) {
  constexpr std::string_view kSuffix = "_tests";
  if (name.size() <= kSuffix.size() || name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) return "";
  return name.substr(0, name.size() - kSuffix.size());
}

// girder test FILE...: compile the files (and, beside each NAME_tests.erl,
// the module under test NAME.erl), then run eunit:test on their modules and
// exit 1 unless every test passed. NAME_tests is left out when NAME is
// given too, since eunit:test(NAME) already runs it.
int cmd_test(const std::vector<std::string>& files, bool verbose, bool no_jit) {
  namespace fs = std::filesystem;
  girder::RuntimeOptions options;
  apply_jit_environment(options, no_jit);
  std::vector<std::string> to_load, modules;
  auto add_dir = [&](const std::string& file) {
    std::string dir = fs::path(file).parent_path().string();
    if (dir.empty()) dir = ".";
    if (std::find(options.code_path.begin(), options.code_path.end(), dir) == options.code_path.end())
      options.code_path.push_back(dir);
  };
  for (const std::string& file : files) {
    add_dir(file);
    to_load.push_back(file);
    modules.push_back(module_name_of(file));
  }
  for (const std::string& file : files) {
    std::string tested = tested_module(module_name_of(file));
    if (tested.empty() || std::find(modules.begin(), modules.end(), tested) != modules.end()) continue;
    fs::path beside = fs::path(file).parent_path() / (tested + ".erl");
    std::error_code ec;
    if (fs::is_regular_file(beside, ec)) to_load.push_back(beside.string());
  }
  options.code_path.push_back(".");
  girder::Runtime rt(options);
  for (const std::string& file : to_load) {
    std::string errors;
    if (!rt.load_source_file(file, errors)) {
      std::cerr << errors << (errors.empty() || errors.back() == '\n' ? "" : "\n");
      return 1;
    }
  }
  std::string list;
  for (const std::string& m : modules) {
    std::string tested = tested_module(m);
    if (!tested.empty() && std::find(modules.begin(), modules.end(), tested) != modules.end()) continue;
    if (!list.empty()) list += ", ";
    list += "'";
    for (char c : m) list += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    list += "'";
  }
  std::string expr = "eunit:test([" + list + "], [" + (verbose ? "verbose" : "") + "]).";
  auto parsed = girder::compiler::parse_exprs(expr);
  auto gen = parsed.errors.empty() ? girder::compiler::generate_eval_module(parsed.exprs, "girder_test")
                                   : girder::compiler::CodegenResult{};
  std::string error;
  if (!gen.module || !girder::loader::load_module(rt.vm(), *gen.module, error)) {
    std::cerr << "girder: cannot start the test run " << error << "\n";
    return 1;
  }
  auto& vm = rt.vm();
  auto outcome = rt.call(vm.atoms().intern("girder_test"), vm.atoms().intern("eval"), {}, false, true);
  vm.flush_output();
  if (outcome.status != 0) return outcome.status;
  return outcome.result_text == "ok" ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"girder: a BEAM-style virtual machine for an Erlang dialect"};
  app.require_subcommand(1);

  auto* run = app.add_subcommand("run", "Compile FILE.erl in memory and call main/1 with ARGS (else main/0)");
  std::string run_file;
  std::vector<std::string> run_args;
  run->add_option("file", run_file, "Erlang source file")->required();
  run->add_option("args", run_args, "Arguments passed to main/1 as strings");
  SchedulingFlags sched;
  run->add_option("--schedulers", sched.schedulers, "Scheduler threads (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  run->add_option("--seed", sched.seed,
                  "Deterministic scheduling with this seed (one thread; replays an interleaving)");
  run->add_flag("--no-jit", sched.no_jit, "Interpret the bytecode instead of compiling it to native code");
  run->add_option("--control", sched.control,
                  "Serve a control socket at PATH (mode 0600) for girder load / girder modules");
  run->prefix_command();

  auto* compile = app.add_subcommand("compile", "Compile FILE.erl... to module files (.gbc)");
  std::vector<std::string> compile_files;
  std::string out_dir;
  compile->add_option("files", compile_files, "Erlang source files")->required();
  compile->add_option("-o,--out", out_dir, "Output directory (default: beside each source)");

  auto* eval = app.add_subcommand("eval", "Evaluate 'Expr, ... .' and print the value as the shell would");
  std::string eval_text;
  eval->add_option("expr", eval_text, "Expressions ending with '.'")->required();
  bool eval_no_jit = false;
  eval->add_flag("--no-jit", eval_no_jit, "Interpret the bytecode instead of compiling it to native code");

  auto* dis = app.add_subcommand("dis", "Print the bytecode of a module file or source file");
  std::string dis_file;
  dis->add_option("file", dis_file, "A .gbc or .erl file")->required();

  auto* test = app.add_subcommand("test", "Run the EUnit tests of FILE.erl... (and of NAME.erl beside NAME_tests.erl)");
  std::vector<std::string> test_files;
  bool test_verbose = false, test_no_jit = false;
  test->add_option("files", test_files, "Erlang source files of test modules")->required();
  test->add_flag("-v,--verbose", test_verbose, "EUnit's verbose report: every test and group");
  test->add_flag("--no-jit", test_no_jit, "Interpret the bytecode instead of compiling it to native code");

  auto* load = app.add_subcommand("load", "Load modules (FILE.erl compiled here, or FILE.gbc) into a running VM, all or none");
  std::string load_vm;
  std::vector<std::string> load_files;
  bool load_purge = false, load_upgrade = false, load_json = false;
  load->add_option("--vm", load_vm, "The VM's control socket (girder run --control PATH)")->required();
  load->add_option("files", load_files, "Module source or module files")->required();
  load->add_flag("--purge", load_purge, "Purge old code even if processes still run it (they are killed)");
  load->add_flag("--upgrade", load_upgrade,
                 "Migrate the state of the modules' processes: suspend them, load, call code_change, resume "
                 "(all undone if a code_change fails)");
  load->add_flag("--json", load_json, "Print the result as JSON");

  auto* modules = app.add_subcommand("modules", "List the modules loaded in a running VM");
  std::string modules_vm;
  bool modules_json = false;
  modules->add_option("--vm", modules_vm, "The VM's control socket (girder run --control PATH)")->required();
  modules->add_flag("--json", modules_json, "Print the list as JSON");

  CLI11_PARSE(app, argc, argv);
  if (*load) return cmd_load(load_vm, load_files, load_purge, load_upgrade, load_json);
  if (*modules) return cmd_modules(modules_vm, modules_json);
  if (*run) {
    // With prefix_command, everything after the file is an argument.
    std::vector<std::string> rest = run->remaining();
    run_args.insert(run_args.end(), rest.begin(), rest.end());
    return cmd_run(run_file, run_args, sched);
  }
  if (*compile) return cmd_compile(compile_files, out_dir);
  if (*eval) return cmd_eval(eval_text, eval_no_jit);
  if (*dis) return cmd_dis(dis_file);
  if (*test) return cmd_test(test_files, test_verbose, test_no_jit);
  return 0;
}

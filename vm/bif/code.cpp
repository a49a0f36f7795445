// BIFs of code loading and purging: erlang:load_module/2,
// check_process_code/2,3, check_old_code/1, purge_module/1,
// delete_module/1, pre_loaded/0, and the girder:* helpers stdlib/code.erl is
// written on (the code path, loading a module by name from it).
// docs/internals/hot_loading.md has the design.
#include <algorithm>
#include <thread>

#include "vm/bif/bif.h"
#include "vm/exec/code.h"
#include "vm/exec/code_refs.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/signals.h"
#include "vm/term/build.h"
#include "vm/text/etf.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

bool bytes_of(Term t, std::string& out) {
  if (!t.is_bitstring()) return false;
  BitView v = bit_view(t);
  if (v.bit_size % 8 != 0) return false;
  out.resize(v.byte_size());
  copy_bits_aligned(v, reinterpret_cast<unsigned char*>(out.data()));
  return true;
}

// OTP's {error, Reason} from a loader message "reason: details".
Term load_error(Process& p, const std::string& message) {
  std::string reason = message.substr(0, message.find(':'));
  if (reason != "not_purged" && reason != "badfile") reason = "badfile";
  return make_tuple(p, {atoms::error, p.vm().atoms().intern(reason)});
}

// erlang:load_module(Module, Binary)
Term bif_load_module(Process& p, const Term* a) {
  std::string bytes;
  if (!a[0].is_atom() || !bytes_of(a[1], bytes)) return p.badarg();
  const BinaryLoader& load = p.vm().code().binary_loader();
  if (!load) return make_tuple(p, {atoms::error, p.vm().atoms().intern("badfile")});
  std::string error;
  auto span = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (!load(p.vm(), a[0], span, error)) return load_error(p, error);
  return make_tuple(p, {p.vm().atoms().intern("module"), a[0]});
}

// girder:check_module_binary(Module, Binary): ok when the binary decodes,
// names Module and verifies; {error, {badfile, Text}} otherwise. Nothing
// is installed (girder_control checks every module of a load first).
Term bif_check_module_binary(Process& p, const Term* a) {
  std::string bytes;
  if (!a[0].is_atom() || !bytes_of(a[1], bytes)) return p.badarg();
  const BinaryLoader& check = p.vm().code().binary_checker();
  if (!check) return make_tuple(p, {atoms::error, p.vm().atoms().intern("badfile")});
  std::string error;
  auto span = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (!check(p.vm(), a[0], span, error)) {
    return make_tuple(p, {atoms::error, make_tuple(p, {p.vm().atoms().intern("badfile"), make_binary(p, error)})});
  }
  return atoms::ok;
}

// girder:control_path(): the control socket's path (a string), or undefined.
Term bif_control_path(Process& p, const Term*) {
  const std::string& path = p.vm().options().control_path;
  return path.empty() ? atoms::undefined : make_string(p, path);
}

// girder:module_loaded_at(Module): when its current version was installed
// (erlang:system_time(nanosecond) then), or undefined.
Term bif_module_loaded_at(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  Module* m = p.vm().code().find_module(a[0]);
  if (m == nullptr || m->current() == nullptr) return atoms::undefined;
  return make_integer(p, m->loaded_at_ns);
}

// girder:load_from_path(Module): the module from the code path (or the
// embedded stdlib), even if it is loaded already (code:load_file/1).
Term bif_load_from_path(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  VM& vm = p.vm();
  Module* m = vm.code().find_module(a[0]);
  if (m != nullptr && m->old() != nullptr) return make_tuple(p, {atoms::error, vm.atoms().intern("not_purged")});
  std::string error;
  // The loader skips modules that are loaded: ask for a fresh load by
  // going through the path ourselves (ensure_loaded when not loaded).
  bool ok = m == nullptr || m->current() == nullptr ? vm.code().ensure_loaded(a[0], error)
                                                   : vm.code().reload(a[0], error);
  if (!ok) {
    if (error.find("not found") != std::string::npos) return make_tuple(p, {atoms::error, vm.atoms().intern("nofile")});
    return load_error(p, error);
  }
  return make_tuple(p, {vm.atoms().intern("module"), a[0]});
}

Term bif_code_path(Process& p, const Term*) {
  std::vector<Term> dirs;
  for (const std::string& d : p.vm().code().code_path()) dirs.push_back(make_string(p, d));
  return make_list(p, dirs);
}

Term bif_set_code_path(Process& p, const Term* a) {
  std::vector<std::string> dirs;
  for (Term l = a[0]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    std::string dir;
    if (!string_from_chars(l.head(), dir)) return p.badarg();
    dirs.push_back(std::move(dir));
  }
  p.vm().code().set_code_path(std::move(dirs));
  return kTrue;
}

// girder:module_file(Module): the file the current version came from, or
// [] when the module is not loaded.
Term bif_module_file(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  Module* m = p.vm().code().find_module(a[0]);
  CodeVersion* v = m != nullptr ? m->current() : nullptr;
  if (v == nullptr) return kNil;
  return make_string(p, v->source_file);
}

// girder:compile_file(Path, IncludeDirs, [{Name, ValueText}]) ->
//   {ok, Module, Binary} | {error, [{File, [{{Line, Col}, compile, Message}]}]}
// The module file bytes are Girder's (.gbc), loadable with load_module/2.
Term bif_compile_file(Process& p, const Term* a) {
  VM& vm = p.vm();
  CompileRequest request;
  if (!string_from_chars(a[0], request.path)) return p.badarg();
  for (Term l = a[1]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    std::string dir;
    if (!string_from_chars(l.head(), dir)) return p.badarg();
    request.include_dirs.push_back(std::move(dir));
  }
  for (Term l = a[2]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term d = l.head();
    std::string name, value;
    if (!d.is_tuple() || d.tuple_arity() != 2 || !string_from_chars(d.element(0), name) ||
        !string_from_chars(d.element(1), value)) {
      return p.badarg();
    }
    request.defines.emplace_back(std::move(name), std::move(value));
  }
  const SourceCompiler& compile = vm.code().compiler();
  if (!compile) return p.badarg();
  std::vector<std::uint8_t> bytes;
  std::string module;
  std::vector<CompileMessage> errors;
  if (compile(request, bytes, module, errors)) {
    std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return make_tuple(p, {atoms::ok, vm.atoms().intern(module), make_binary(p, view)});
  }
  // Grouped by file, in order of appearance, as OTP's error lists.
  std::vector<std::pair<std::string, std::vector<Term>>> by_file;
  // compile:format_error/1 gives the message back, so a caller's
  // Mod:format_error(Desc) works as on OTP's error lists.
  Term tag = vm.atoms().intern("compile");
  for (const CompileMessage& e : errors) {
    if (by_file.empty() || by_file.back().first != e.file) by_file.push_back({e.file, {}});
    Term where = make_tuple(p, {Term::small(e.line), Term::small(e.col)});
    by_file.back().second.push_back(make_tuple(p, {where, tag, make_string(p, e.text)}));
  }
  std::vector<Term> files;
  for (auto& [file, items] : by_file) files.push_back(make_tuple(p, {make_string(p, file), make_list(p, items)}));
  return make_tuple(p, {atoms::error, make_list(p, files)});
}

Term bif_check_old_code(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  Module* m = p.vm().code().find_module(a[0]);
  return make_bool(m != nullptr && m->old() != nullptr);
}

// Hold process `id` still for a scan: spin until it is between slices
// (a slice is short) or gone. nullptr when it has exited.
Process* hold_still(Process& caller, Word id, bool& waiting) {
  VM& vm = caller.vm();
  Process* t = vm.processes().acquire(id);
  if (t == nullptr) return nullptr;
  for (;;) {
    if (vm.scheduler().claim(t, caller.worker(), waiting)) return t;
    if (t->state().load() == ProcState::Exiting) {
      ProcessTable::release(t);
      return nullptr;
    }
    std::this_thread::yield();
  }
}

void let_go(Process& caller, Process* t, bool waiting) {
  caller.vm().scheduler().unclaim(t, waiting);
  ProcessTable::release(t);
}

// erlang:check_process_code(Pid, Module[, Options]): does the process run,
// or hold funs of, the old version of Module?
Term check_process_code(Process& p, Term pid, Term module) {
  if (!pid.is_pid() || !module.is_atom()) return p.badarg();
  Module* m = p.vm().code().find_module(module);
  CodeVersion* old = m != nullptr ? m->old() : nullptr;
  if (old == nullptr) return kFalse;
  if (pid.pid_index() == p.id()) {
    // The caller is in this BIF: its continuation and frames are what
    // called it.
    return make_bool(scan_code_refs(p, old, {}, true).code);
  }
  bool waiting = false;
  Process* t = hold_still(p, pid.pid_index(), waiting);
  if (t == nullptr) return kFalse;
  // Charged by the stack scanned, so a purger checking thousands of
  // processes yields its scheduler often (the others' queues wait on it).
  p.charge(10 + static_cast<Word>(t->stack_hi() - t->exec().e) / 8);
  bool refers = scan_code_refs(*t, old, {}, true).code;
  let_go(p, t, waiting);
  return make_bool(refers);
}
Term bif_check_process_code2(Process& p, const Term* a) { return check_process_code(p, a[0], a[1]); }
Term bif_check_process_code3(Process& p, const Term* a) {
  if (list_length(a[2]) < 0) return p.badarg();
  return check_process_code(p, a[0], a[1]);
}

// erlang:purge_module(Module): retire the old version. Processes still in
// it (code:purge/1 has normally killed them already) are killed, so none
// can return into freed code; while every process is scanned anyway, the
// literal areas of earlier purges are checked and the unused ones freed.
Term bif_purge_module(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  VM& vm = p.vm();
  CodeServer& code = vm.code();
  std::lock_guard purging(code.purge_mutex());
  Module* m = code.find_module(a[0]);
  CodeVersion* old = m != nullptr ? m->old() : nullptr;
  if (old == nullptr) return p.badarg();
  std::vector<const LiteralArea*> areas = code.literal_areas();
  std::vector<bool> used(areas.size(), false);
  auto merge = [&used](const CodeRefs& refs) {
    for (std::size_t i = 0; i < used.size(); ++i) used[i] = used[i] || refs.literals_used[i];
  };
  std::vector<Word> victims;
  for (Word id : vm.processes().pids()) {
    if (id == p.id()) continue;
    bool waiting = false;
    Process* t = hold_still(p, id, waiting);
    if (t == nullptr) continue;
    CodeRefs refs = scan_code_refs(*t, old, areas, true);
    p.charge(10);
    merge(refs);
    if (refs.code) victims.push_back(id);
    let_go(p, t, waiting);
  }
  merge(scan_code_refs(p, nullptr, areas, false, std::span<const Term>(a, 1)));
  for (Word id : victims) exit_signal(p, Term::pid(id), atoms::kill);
  code.purge(a[0]);
  code.drop_literal_areas(used);
  return kTrue;
}

// erlang:delete_module(Module): true, undefined if never loaded, badarg
// when it has old code.
Term bif_delete_module(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  Module* m = p.vm().code().find_module(a[0]);
  if (m == nullptr) return atoms::undefined;
  if (m->old() != nullptr) return p.badarg();
  // A module deleted and purged before stays known, and deleting it again
  // is a success with nothing to do (as OTP).
  if (m->current() != nullptr) p.vm().code().delete_module(a[0]);
  return kTrue;
}

Term bif_loaded(Process& p, const Term*) { return make_list(p, p.vm().code().loaded_modules()); }

Term bif_pre_loaded(Process& p, const Term*) {
  // Modules built into the VM rather than loaded from a file, as OTP's
  // preloaded list: the BIF-only modules.
  std::vector<Term> names;
  for (const char* n : {"erlang", "erts_internal", "init", "prim_file", "zlib"}) {
    names.push_back(p.vm().atoms().intern(n));
  }
  return make_list(p, names);
}

constexpr BifSpec kCodeBifs[] = {
    {"erlang", "load_module", 2, bif_load_module, false},
    {"erlang", "check_process_code", 2, bif_check_process_code2, false},
    {"erlang", "check_process_code", 3, bif_check_process_code3, false},
    {"erlang", "check_old_code", 1, bif_check_old_code, false},
    {"erlang", "purge_module", 1, bif_purge_module, false},
    {"erlang", "delete_module", 1, bif_delete_module, false},
    {"erlang", "pre_loaded", 0, bif_pre_loaded, false},
    {"erlang", "loaded", 0, bif_loaded, false},
    {"girder", "load_from_path", 1, bif_load_from_path, false},
    {"girder", "check_module_binary", 2, bif_check_module_binary, false},
    {"girder", "module_loaded_at", 1, bif_module_loaded_at, false},
    {"girder", "control_path", 0, bif_control_path, false},
    {"girder", "code_path", 0, bif_code_path, false},
    {"girder", "set_code_path", 1, bif_set_code_path, false},
    {"girder", "module_file", 1, bif_module_file, false},
    {"girder", "compile_file", 3, bif_compile_file, false},
};

}  // namespace

std::span<const BifSpec> bifs_code() { return kCodeBifs; }

}  // namespace girder::vm

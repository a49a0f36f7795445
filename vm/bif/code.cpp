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

// girder:load_binaries([{Module, Binary}]): load several modules so that
// they all become current at one instant (CodeServer::install_all), or none
// of them: ok, or {error, [{Module, Reason}]} with Reason {badfile, Text}
// for a binary that does not decode, name its module or verify, and
// not_purged for a module that still has old code. girder_control and
// code:atomic_load/1 are written on it.
Term bif_load_binaries(Process& p, const Term* a) {
  VM& vm = p.vm();
  const BinaryPreparer& prepare = vm.code().binary_preparer();
  std::int64_t n = list_length(a[0]);
  if (n <= 0 || !prepare) return p.badarg();
  std::vector<std::pair<Term, std::string>> items;
  for (Term l = a[0]; l.is_list(); l = l.tail()) {
    Term item = l.head();
    std::string bytes;
    if (!item.is_tuple() || item.tuple_arity() != 2 || !item.element(0).is_atom() || !bytes_of(item.element(1), bytes)) {
      return p.badarg();
    }
    items.emplace_back(item.element(0), std::move(bytes));
  }
  std::vector<std::unique_ptr<CodeVersion>> versions;
  std::vector<Term> failures;
  for (const auto& [module, bytes] : items) {
    std::string error;
    auto span = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    std::unique_ptr<CodeVersion> v = prepare(vm, module, span, error);
    if (!v) {
      Term reason = make_tuple(p, {vm.atoms().intern("badfile"), make_binary(p, error)});
      failures.push_back(make_tuple(p, {module, reason}));
      continue;
    }
    versions.push_back(std::move(v));
  }
  // Preparing takes time in proportion to the code (the JIT's share most).
  p.charge(static_cast<Word>(items.size()) * 100);
  if (!failures.empty()) return make_tuple(p, {atoms::error, make_list(p, failures)});
  std::string error;
  if (!vm.code().install_all(versions, error)) {
    Term module = vm.atoms().intern(error);
    Term failure[] = {make_tuple(p, {module, vm.atoms().intern("not_purged")})};
    return make_tuple(p, {atoms::error, make_list(p, failure)});
  }
  return atoms::ok;
}

// girder:revert_module(Module): the old version becomes current again and
// the current one old, in one publication (girder_control's upgrade undoes
// a load this way when a process's code_change fails). false unless the
// module has both versions.
Term bif_revert_module(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  return make_bool(p.vm().code().revert(a[0]));
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

// A process whose slice ended at a remote call has not run an instruction
// of the callee yet: it is where a call made a moment later would be, and
// that call would go where the export leads now. So move it there, and it
// no longer counts as running the old version. Without this, a purge under
// load kept failing: with many busy callers, one of them was nearly always
// waiting at the entry of an old function (docs/internals/hot_loading.md).
// The process is held still (claimed, between slices).
void retarget_remote_call(Process& t) {
  Process::ExecState& exec = t.exec();
  if (exec.yielded_at_export == nullptr) return;
  const Word* now = t.vm().code().address(exec.yielded_at_export);
  if (now != nullptr) exec.pc = now;
  exec.yielded_at_export = nullptr;
}

// Hold process `id` still for a scan: spin until it is between slices
// (a slice is short) or gone. nullptr when it has exited.
Process* hold_still(Process& caller, Word id, bool& waiting) {
  VM& vm = caller.vm();
  Process* t = vm.processes().acquire(id);
  if (t == nullptr) return nullptr;
  for (;;) {
    if (vm.scheduler().claim(t, caller.worker(), waiting)) {
      retarget_remote_call(*t);
      return t;
    }
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
// girder:old_code_users(Module[, Pending, Acc]): the processes running, or
// returning into, Module's old version (those check_process_code/2 names),
// the caller included. One call of check_process_code per process from
// Erlang cost a reduction charge each and, under load, a wait for the whole
// run queue after every few hundred processes; this scans in chunks in
// C++ and traps to girder_bif:old_code_users/3 between chunks, so the scan
// stays preemptible. Pending: the pids still to scan, taken from the
// process table once (walking the table again for every chunk held its
// shard locks long enough to stall every scheduler).
//
// A caller holding the purge token (girder:purge_begin/1) also sweeps the
// kept literal areas in the same walk (CodeServer::Sweep), so purging never
// needs a second, unpreemptible pass over every process.
constexpr std::size_t kOldCodeScanChunk = 128;
constexpr std::size_t kMinAreasToSweep = 4;
// A scan's slices stay short (about 500 processes, a millisecond or so), so
// the processes queued behind the purger on its worker do not wait long.
constexpr Word kReductionsPerProcessScanned = 8;
Term old_code_users(Process& p, Term module, Term pending, bool first, Term acc) {
  VM& vm = p.vm();
  CodeServer& code = vm.code();
  Module* m = code.find_module(module);
  CodeVersion* old = m != nullptr ? m->old() : nullptr;
  if (old == nullptr) return acc;
  if (first) {
    std::vector<Word> ids = vm.processes().pids();
    std::vector<Term> pids;
    pids.reserve(ids.size());
    for (Word id : ids) pids.push_back(Term::pid(id));
    pending = make_list(p, pids);
  }
  // Sweeping walks every process's live terms; with only a few small areas
  // kept it is left for later (kMinAreasToSweep), so most purges check code
  // only, which reads stacks alone.
  bool sweeping = code.holds_purge_token(p.id()) && (!first || code.kept_literal_areas() >= kMinAreasToSweep);
  if (!first && sweeping && code.sweep().used.empty()) sweeping = false;  // this scan began without a sweep
  std::vector<const LiteralArea*> areas;
  if (sweeping) {
    // The first chunk fixes which areas this sweep answers for; areas
    // reclaim() adds later come after them and wait for the next sweep.
    areas = code.literal_areas();
    CodeServer::Sweep& sweep = code.sweep();
    if (first) sweep = CodeServer::Sweep{std::vector<bool>(areas.size(), false), false};
    areas.resize(std::min(areas.size(), sweep.used.size()));
  }
  auto note = [&](const CodeRefs& refs) {
    if (!sweeping) return;
    std::vector<bool>& used = code.sweep().used;
    for (std::size_t i = 0; i < refs.literals_used.size() && i < used.size(); ++i) {
      if (refs.literals_used[i]) used[i] = true;
    }
  };
  std::size_t scanned = 0;
  for (; pending.is_list() && scanned < kOldCodeScanChunk; pending = pending.tail(), ++scanned) {
    Word id = pending.head().pid_index();
    bool user = false;
    if (id == p.id()) {
      Term roots[] = {acc, pending};
      CodeRefs refs = scan_code_refs(p, old, areas, true, roots);
      note(refs);
      user = refs.code;
    } else {
      bool waiting = false;
      Process* t = hold_still(p, id, waiting);
      if (t == nullptr) continue;
      CodeRefs refs = scan_code_refs(*t, old, areas, true);
      let_go(p, t, waiting);
      note(refs);
      user = refs.code;
    }
    if (user) acc = make_cons(p, Term::pid(id), acc);
  }
  p.charge(scanned * kReductionsPerProcessScanned);
  if (!pending.is_list()) {
    if (sweeping) code.sweep().complete = true;
    return acc;
  }
  ExportEntry* more =
      vm.code().export_entry(vm.atoms().intern("girder_bif"), vm.atoms().intern("old_code_users"), 3);
  return p.trap(more, {module, pending, acc});
}
Term bif_old_code_users1(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  return old_code_users(p, a[0], kNil, true, kNil);
}
Term bif_old_code_users3(Process& p, const Term* a) {
  if (!a[0].is_atom() || list_length(a[1]) < 0 || list_length(a[2]) < 0) return p.badarg();
  for (Term l = a[1]; l.is_list(); l = l.tail()) {
    if (!l.head().is_pid()) return p.badarg();
  }
  return old_code_users(p, a[0], a[1], false, a[2]);
}

Term bif_check_process_code2(Process& p, const Term* a) { return check_process_code(p, a[0], a[1]); }
Term bif_check_process_code3(Process& p, const Term* a) {
  if (list_length(a[2]) < 0) return p.badarg();
  return check_process_code(p, a[0], a[1]);
}

// girder:purge_begin(Module): the first phase of code:purge/1 and
// soft_purge/1 (stdlib/code.erl). false when Module has no old code; busy
// while another process holds the purge token (try again later); ok once
// the caller holds it and the old version's funs are unreachable.
Term bif_purge_begin(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  VM& vm = p.vm();
  CodeServer& code = vm.code();
  Module* m = code.find_module(a[0]);
  if (m == nullptr || m->old() == nullptr) return kFalse;
  auto alive = [&vm](Word id) { return vm.processes().alive(id); };
  if (code.take_purge_token(p.id(), alive) == CodeServer::TokenResult::Busy) return vm.atoms().intern("busy");
  code.prepare_purge(a[0]);
  return atoms::ok;
}

// girder:purge_end(Module, complete | abort): the last phase, by the token's
// holder after girder:old_code_users/1 found no process in the old code
// (or after those processes died): complete retires the old version and
// frees the kept literal areas the scan found unused; abort puts the old
// funs back. The token is released either way.
Term bif_purge_end(Process& p, const Term* a) {
  VM& vm = p.vm();
  CodeServer& code = vm.code();
  Term complete = vm.atoms().intern("complete"), abort = vm.atoms().intern("abort");
  if (!a[0].is_atom() || (a[1] != complete && a[1] != abort) || !code.holds_purge_token(p.id())) return p.badarg();
  if (a[1] == complete) {
    code.purge(a[0]);
    CodeServer::Sweep& sweep = code.sweep();
    if (sweep.complete) code.drop_literal_areas(sweep.used);
  } else {
    code.abort_purge(a[0]);
  }
  code.release_purge_token(p.id());
  return kTrue;
}

// girder:code_memory(): {RetiredVersions, KeptLiteralAreas}: purged
// versions not freed yet (a worker may still be inside them) and literal
// areas kept because a heap referred to them at the last sweep. The reload
// soak test reads it: both must stay small however many reloads there are.
Term bif_code_memory(Process& p, const Term*) {
  CodeServer& code = p.vm().code();
  code.reclaim();
  return make_tuple(p, {Term::small(static_cast<std::int64_t>(code.retired_count())),
                        Term::small(static_cast<std::int64_t>(code.kept_literal_areas()))});
}

// erlang:purge_module(Module): retire the old version. Processes still in
// it (code:purge/1 has normally killed them already) are killed, so none
// can return into freed code; while every process is scanned anyway, the
// literal areas of earlier purges are checked and the unused ones freed.
Term bif_purge_module(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  VM& vm = p.vm();
  CodeServer& code = vm.code();
  Module* m = code.find_module(a[0]);
  CodeVersion* old = m != nullptr ? m->old() : nullptr;
  if (old == nullptr) return p.badarg();
  auto alive = [&vm](Word id) { return vm.processes().alive(id); };
  if (code.take_purge_token(p.id(), alive) == CodeServer::TokenResult::Busy) {
    return p.trap(vm.code().export_entry(vm.atoms().intern("girder_bif"), vm.atoms().intern("retry"), 2),
                  {vm.atoms().intern("purge_module"), make_list(p, std::span<const Term>(a, 1))});
  }
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
  code.release_purge_token(p.id());
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
    {"girder", "load_binaries", 1, bif_load_binaries, false},
    {"girder", "revert_module", 1, bif_revert_module, false},
    {"girder", "old_code_users", 1, bif_old_code_users1, false},
    {"girder", "old_code_users", 3, bif_old_code_users3, false},
    {"girder", "purge_begin", 1, bif_purge_begin, false},
    {"girder", "purge_end", 2, bif_purge_end, false},
    {"girder", "code_memory", 0, bif_code_memory, false},
};

}  // namespace

std::span<const BifSpec> bifs_code() { return kCodeBifs; }

}  // namespace girder::vm

// BIFs for processes: spawning, messages, links, monitors, names, timers,
// process flags and process_info. The mechanisms are in signals.cpp,
// scheduler.cpp and timer.cpp; these functions check arguments and shape
// results as OTP does.
#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>

#include "vm/bif/bif.h"
#include "vm/exec/code.h"
#include "vm/heap/copy.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/signals.h"
#include "vm/proc/timer.h"
#include "vm/term/build.h"
#include "vm/term/map.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// --- spawning ---

bool parse_priority(Term t, Priority& out) {
  if (t == atoms::low) out = Priority::Low;
  else if (t == atoms::normal) out = Priority::Normal;
  else if (t == atoms::high) out = Priority::High;
  else if (t == atoms::max) out = Priority::Max;
  else return false;
  return true;
}

Term priority_atom(Priority p) {
  switch (p) {
    case Priority::Low: return atoms::low;
    case Priority::High: return atoms::high;
    case Priority::Max: return atoms::max;
    default: return atoms::normal;
  }
}

// max_heap_size: an integer (words) or a map with a `size` key.
bool parse_max_heap(Term t, Word& words) {
  if (t.is_small() && t.small_value() >= 0) {
    words = static_cast<Word>(t.small_value());
    return true;
  }
  if (t.is_map()) {
    Term size = map_get(t, atoms::size);
    if (size.is_small() && size.small_value() >= 0) {
      words = static_cast<Word>(size.small_value());
      return true;
    }
  }
  return false;
}

bool parse_spawn_options(Term list, SpawnOptions& o) {
  for (Term l = list; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return false;
    Term opt = l.head();
    if (opt == atoms::link) {
      o.link = true;
    } else if (opt == atoms::monitor) {
      o.monitor = true;
    } else if (opt.is_tuple() && opt.tuple_arity() == 2) {
      Term key = opt.element(0), value = opt.element(1);
      if (key == atoms::priority) {
        if (!parse_priority(value, o.priority)) return false;
      } else if (key == atoms::min_heap_size) {
        if (!value.is_small() || value.small_value() < 0) return false;
        o.min_heap_words = static_cast<Word>(value.small_value());
      } else if (key == atoms::max_heap_size) {
        if (!parse_max_heap(value, o.max_heap_words)) return false;
      } else if (key == atoms::fullsweep_after || key == atoms::message_queue_data) {
        // accepted, no effect on Girder's collector and queue
      } else {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

Term spawn_with(Process& p, Term fun_or_module, Term function, Term args, const SpawnOptions& o) {
  Term ref = kNonValue;
  Term pid = spawn_process(p, fun_or_module, function, args, o, &ref);
  if (pid.is_non_value()) return pid;
  if (o.monitor) return make_tuple(p, {pid, ref});
  return pid;
}

constexpr SpawnOptions kLinked{.link = true};
constexpr SpawnOptions kMonitored{.monitor = true};

Term bif_spawn1(Process& p, const Term* a) { return spawn_with(p, a[0], kNonValue, kNil, {}); }
Term bif_spawn3(Process& p, const Term* a) { return spawn_with(p, a[0], a[1], a[2], {}); }
Term bif_spawn_link1(Process& p, const Term* a) { return spawn_with(p, a[0], kNonValue, kNil, kLinked); }
Term bif_spawn_link3(Process& p, const Term* a) { return spawn_with(p, a[0], a[1], a[2], kLinked); }
Term bif_spawn_monitor1(Process& p, const Term* a) { return spawn_with(p, a[0], kNonValue, kNil, kMonitored); }
Term bif_spawn_monitor3(Process& p, const Term* a) { return spawn_with(p, a[0], a[1], a[2], kMonitored); }
Term bif_spawn_opt2(Process& p, const Term* a) {
  SpawnOptions o;
  if (!parse_spawn_options(a[1], o)) return p.badarg();
  return spawn_with(p, a[0], kNonValue, kNil, o);
}
Term bif_spawn_opt4(Process& p, const Term* a) {
  SpawnOptions o;
  if (!parse_spawn_options(a[3], o)) return p.badarg();
  return spawn_with(p, a[0], a[1], a[2], o);
}

// --- messages, links, monitors, exits ---

Term bif_send2(Process& p, const Term* a) { return send_message(p, a[0], a[1]); }
Term bif_send3(Process& p, const Term* a) {
  if (list_length(a[2]) < 0) return p.badarg();
  Term r = send_message(p, a[0], a[1]);
  return r.is_non_value() ? r : atoms::ok;
}
Term bif_link(Process& p, const Term* a) { return link_process(p, a[0]); }
Term bif_unlink(Process& p, const Term* a) { return unlink_process(p, a[0]); }
Term bif_monitor2(Process& p, const Term* a) {
  if (a[0] != atoms::process) return p.badarg();
  return monitor_process(p, a[1]);
}
Term bif_monitor3(Process& p, const Term* a) {
  if (a[0] != atoms::process || list_length(a[2]) < 0) return p.badarg();
  return monitor_process(p, a[1]);
}
Term bif_demonitor1(Process& p, const Term* a) { return demonitor_process(p, a[0], false, false); }
Term bif_demonitor2(Process& p, const Term* a) {
  bool flush = false, info = false;
  for (Term l = a[1]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    if (l.head() == atoms::flush) flush = true;
    else if (l.head() == atoms::info) info = true;
    else return p.badarg();
  }
  return demonitor_process(p, a[0], flush, info);
}
Term bif_exit2(Process& p, const Term* a) { return exit_signal(p, a[0], a[1]); }

Term bif_is_process_alive(Process& p, const Term* a) {
  if (!a[0].is_pid()) return p.badarg();
  if (a[0].pid_index() == p.id()) return kTrue;
  return make_bool(p.vm().processes().alive(a[0].pid_index()));
}

Term bif_process_flag(Process& p, const Term* a) {
  Term flag = a[0], value = a[1];
  if (flag == atoms::trap_exit) {
    if (value != kTrue && value != kFalse) return p.badarg();
    Term old = make_bool(p.trap_exit());
    p.set_trap_exit(value == kTrue);
    return old;
  }
  if (flag == atoms::priority) {
    Priority pr;
    if (!parse_priority(value, pr)) return p.badarg();
    Term old = priority_atom(p.priority());
    p.set_priority(pr);
    return old;
  }
  if (flag == atoms::max_heap_size) {
    Word words;
    if (!parse_max_heap(value, words)) return p.badarg();
    Term old = Term::small(static_cast<SWord>(p.max_heap_words()));
    p.set_max_heap_words(words);
    return old;
  }
  if (flag == atoms::min_heap_size) {
    if (!value.is_small() || value.small_value() < 0) return p.badarg();
    return Term::small(233);
  }
  return p.badarg();
}

// --- names ---

Term bif_register(Process& p, const Term* a) {
  Term name = a[0], pid = a[1];
  if (!name.is_atom() || name == atoms::undefined || !pid.is_pid()) return p.badarg();
  ProcessTable& t = p.vm().processes();
  if (pid.pid_index() != p.id() && !t.alive(pid.pid_index())) return p.badarg();
  if (!t.register_name(name, pid.pid_index())) return p.badarg();
  return kTrue;
}
Term bif_unregister(Process& p, const Term* a) {
  if (!a[0].is_atom() || !p.vm().processes().unregister_name(a[0])) return p.badarg();
  return kTrue;
}
Term bif_whereis(Process& p, const Term* a) {
  if (!a[0].is_atom()) return p.badarg();
  Word id = p.vm().processes().whereis(a[0]);
  return id == 0 ? atoms::undefined : Term::pid(id);
}
Term bif_registered(Process& p, const Term*) {
  std::vector<Term> names = p.vm().processes().registered();
  return make_list(p, names);
}
Term bif_processes(Process& p, const Term*) {
  std::vector<Word> ids = p.vm().processes().pids();
  std::vector<Term> pids;
  pids.reserve(ids.size());
  for (Word id : ids) pids.push_back(Term::pid(id));
  return make_list(p, pids);
}

// Charged to make the caller yield at once (more than any slice).
constexpr Word kYieldNow = Word{1} << 24;

// The caller could not hold process `target_id` still (it runs on another
// scheduler): call erlang:`bif`(args) again later. The side with the higher
// pid waits a millisecond first (girder_bif:retry/2), where the other can
// hold it; the lower retries after a yield. So two processes inspecting each
// other at once always let one through: no livelock.
Term retry_later(Process& p, Word target_id, std::string_view bif, std::initializer_list<Term> args) {
  VM& vm = p.vm();
  p.charge(kYieldNow);
  Term name = vm.atoms().intern(bif);
  if (p.id() > target_id) {
    Term list = make_list(p, std::span<const Term>(args.begin(), args.size()));
    return p.trap(vm.code().export_entry(vm.atoms().intern("girder_bif"), vm.atoms().intern("retry"), 2),
                  {name, list});
  }
  return p.trap(vm.code().export_entry(atoms::erlang, name, static_cast<unsigned>(args.size())), args);
}

Term bif_group_leader0(Process& p, const Term*) {
  return p.group_leader().is_pid() ? p.group_leader() : p.self();
}
Term bif_group_leader2(Process& p, const Term* a) {
  if (!a[0].is_pid() || !a[1].is_pid()) return p.badarg();
  if (a[1].pid_index() == p.id()) {
    p.set_group_leader(a[0]);
    return kTrue;
  }
  // Another process's group leader: set it while we hold that process.
  Process* target = p.vm().processes().acquire(a[1].pid_index());
  if (target == nullptr) return p.badarg();
  bool waiting = false;
  bool held = false;
  bool exiting = false;
  for (int i = 0; i < 64; ++i) {
    if ((held = p.vm().scheduler().claim(target, p.worker(), waiting))) break;
    if ((exiting = target->state().load() == ProcState::Exiting)) break;
    std::this_thread::yield();
  }
  if (held) {
    target->set_group_leader(a[0]);
    p.vm().scheduler().unclaim(target, waiting);
  }
  ProcessTable::release(target);
  if (!held && !exiting) return retry_later(p, a[1].pid_index(), "group_leader", {a[0], a[1]});
  return kTrue;
}

Term bif_yield(Process&, const Term*) { return kTrue; }

// The interpreter's unwinder finishes this (class `hibernate`, see interp.cpp).
Term bif_hibernate(Process& p, const Term* a) {
  if (!a[0].is_atom() || !a[1].is_atom() || list_length(a[2]) < 0) return p.badarg();
  p.exec().args = {a[0], a[1], a[2]};
  return p.fail(atoms::hibernate, kNil);
}

Term bif_pid_to_list(Process& p, const Term* a) {
  if (!a[0].is_pid()) return p.badarg();
  return make_string(p, write_term(p.vm(), a[0]));
}
Term bif_list_to_pid(Process& p, const Term* a) {
  std::string s;
  if (!string_from_chars(a[0], s)) return p.badarg();
  unsigned long long node = 0, number = 0, serial = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "<%llu.%llu.%llu>%c", &node, &number, &serial, &tail) != 3 || node != 0 ||
      s.find_first_of(" +-") != std::string::npos || number == 0) {
    return p.badarg();
  }
  return Term::pid(number);
}
Term bif_ref_to_list(Process& p, const Term* a) {
  if (!a[0].is_ref()) return p.badarg();
  return make_string(p, write_term(p.vm(), a[0]));
}

// --- timers ---

// send_after/start_timer: (Time, Dest, Msg); `wrap` builds {timeout, Ref, Msg}.
Term start_timer(Process& p, const Term* a, bool wrap) {
  Term time = a[0], dest = a[1], msg = a[2];
  if (!time.is_small() || time.small_value() < 0) return p.badarg();
  if (!dest.is_pid() && !dest.is_atom()) return p.badarg();
  VM& vm = p.vm();
  RefId ref{vm.next_ref_id(), 0};
  Word* rp = p.alloc(kRefObjectWords);
  rp[0] = make_header(BoxKind::Ref, kRefWords);
  rp[1] = ref.w0;
  rp[2] = ref.w1;
  Term ref_term = Term::boxed(rp);
  Term payload = wrap ? make_tuple(p, {atoms::timeout, ref_term, msg}) : msg;
  Signal* s = message_signal(p.self(), payload);
  vm.timers().start_message(ref.w0, dest, s, time.small_value());
  return ref_term;
}
Term bif_send_after3(Process& p, const Term* a) { return start_timer(p, a, false); }
Term bif_start_timer3(Process& p, const Term* a) { return start_timer(p, a, true); }
Term bif_send_after4(Process& p, const Term* a) { return start_timer(p, a, false); }
Term bif_start_timer4(Process& p, const Term* a) { return start_timer(p, a, true); }

Term bif_cancel_timer1(Process& p, const Term* a) {
  if (!a[0].is_ref()) return p.badarg();
  std::int64_t left = p.vm().timers().cancel(a[0].box_ptr()[1]);
  return left < 0 ? kFalse : make_integer(p, left);
}
Term bif_cancel_timer2(Process& p, const Term* a) {
  if (list_length(a[1]) < 0) return p.badarg();
  bool async = false, info = true;
  for (Term l = a[1]; l.is_list(); l = l.tail()) {
    Term o = l.head();
    if (!o.is_tuple() || o.tuple_arity() != 2) return p.badarg();
    if (o.element(0) == atoms::async) async = o.element(1) == kTrue;
    else if (o.element(0) == atoms::info) info = o.element(1) == kTrue;
    else return p.badarg();
  }
  Term r = bif_cancel_timer1(p, a);
  if (r.is_non_value()) return r;
  if (async) {
    if (info) {
      // The answer arrives as a message {cancel_timer, Ref, Result}.
      Term msg = make_tuple(p, {p.vm().atoms().intern("cancel_timer"), a[0], r});
      send_message(p, p.self(), msg);
    }
    return atoms::ok;
  }
  return info ? r : atoms::ok;
}
Term bif_read_timer1(Process& p, const Term* a) {
  if (!a[0].is_ref()) return p.badarg();
  std::int64_t left = p.vm().timers().read(a[0].box_ptr()[1]);
  return left < 0 ? kFalse : make_integer(p, left);
}
Term bif_read_timer2(Process& p, const Term* a) { return bif_read_timer1(p, a); }

// --- process_info ---

Word queued_message_words(Process& t) {
  Word n = 0;
  for (Signal* s = t.messages().first(); s != nullptr; s = s->next) n += s->size;
  return n;
}

Term copy_to(Process& p, Term t) {
  Word words = copy_size(t);
  if (words == 0) return t;
  Word* hp = p.alloc(words);
  Word* proc_bins = nullptr;
  Term r = copy_term(t, hp, proc_bins);
  p.heap().link_proc_bins(proc_bins);
  return r;
}

Term pid_list(Process& p, const std::vector<Word>& ids) {
  std::vector<Term> pids;
  for (Word id : ids) pids.push_back(Term::pid(id));
  return make_list(p, pids);
}

// One item of process_info for process `t`, built on p's heap. kNonValue
// for an unknown item. `status` is what the caller saw.
Term info_item(Process& p, Process& t, Term item, Term status) {
  VM& vm = p.vm();
  Term value;
  if (item == atoms::status) {
    value = status;
  } else if (item == atoms::message_queue_len) {
    value = Term::small(static_cast<SWord>(t.messages().count()));
  } else if (item == atoms::messages) {
    std::vector<Term> msgs;
    for (Signal* s = t.messages().first(); s != nullptr; s = s->next) msgs.push_back(copy_to(p, s->message));
    value = make_list(p, msgs);
  } else if (item == atoms::links) {
    std::vector<Term> linked;
    if (t.has_relations()) {
      for (Word port : t.relations().port_links) linked.push_back(Term::port(port));
      for (Word id : t.relations().links) linked.push_back(Term::pid(id));
    }
    value = make_list(p, linked);
  } else if (item == atoms::monitors) {
    std::vector<Term> items;
    if (t.has_relations()) {
      for (const auto& m : t.relations().monitors) {
        Term what = m.name.is_atom() ? make_tuple(p, {m.name, atoms::nonode_at_nohost}) : Term::pid(m.pid);
        items.push_back(make_tuple(p, {atoms::process, what}));
      }
    }
    value = make_list(p, items);
  } else if (item == atoms::monitored_by) {
    std::vector<Word> ids;
    if (t.has_relations()) {
      for (const auto& w : t.relations().watchers) ids.push_back(w.pid);
    }
    value = pid_list(p, ids);
  } else if (item == atoms::memory) {
    Word bytes = sizeof(Process) + (t.heap().young_capacity() + t.heap().old_used()) * sizeof(Word) +
                 static_cast<Word>(t.stack_hi() - t.stack_lo()) * sizeof(Word) +
                 t.heap().fragment_words() * sizeof(Word) + queued_message_words(t) * sizeof(Word);
    value = make_integer(p, static_cast<std::int64_t>(bytes));
  } else if (item == atoms::heap_size) {
    value = make_integer(p, static_cast<std::int64_t>(t.heap().young_capacity()));
  } else if (item == atoms::total_heap_size) {
    // The old generation counts too, as in OTP (its data, not its spare room).
    value = make_integer(p, static_cast<std::int64_t>(t.heap().young_capacity() + t.heap().old_used() +
                                                      t.heap().fragment_words() +
                                                      static_cast<Word>(t.stack_hi() - t.stack_lo())));
  } else if (item == atoms::stack_size) {
    value = Term::small(static_cast<SWord>(t.stack_hi() - t.exec().e));
  } else if (item == atoms::reductions) {
    value = make_integer(p, static_cast<std::int64_t>(t.reductions()));
  } else if (item == atoms::current_function) {
    const Word* pc = t.exec().pc;
    const CodeVersion* v = pc != nullptr ? vm.code().version_of(pc) : nullptr;
    const FunctionRange* f = v != nullptr ? v->function_at(pc) : nullptr;
    if (f != nullptr) {
      value = make_tuple(p, {v->module, f->name, Term::small(static_cast<SWord>(f->arity))});
    } else if (pc == vm.boot_hibernated()) {
      value = make_tuple(p, {atoms::erlang, atoms::hibernate, Term::small(3)});
    } else {
      value = make_tuple(p, {t.initial_module(), t.initial_function(),
                             Term::small(static_cast<SWord>(t.initial_arity()))});
    }
  } else if (item == atoms::initial_call) {
    value = make_tuple(p, {t.initial_module(), t.initial_function(), Term::small(static_cast<SWord>(t.initial_arity()))});
  } else if (item == atoms::registered_name) {
    Term name = vm.processes().name_of(t.id());
    if (!name.is_atom()) return kNil;  // OTP: [] rather than a tuple
    value = name;
  } else if (item == atoms::dictionary) {
    std::vector<Term> pairs;
    auto& d = t.dictionary();
    for (std::size_t i = 0; i + 1 < d.size(); i += 2) pairs.push_back(make_tuple(p, {d[i], d[i + 1]}));
    value = copy_to(p, make_list(p, pairs));
  } else if (item == atoms::trap_exit) {
    value = make_bool(t.trap_exit());
  } else if (item == atoms::priority) {
    value = priority_atom(t.priority());
  } else if (item == atoms::group_leader) {
    value = t.group_leader().is_pid() ? t.group_leader() : t.self();
  } else if (item == atoms::error_handler) {
    value = atoms::error_handler;
  } else if (item == atoms::garbage_collection) {
    value = make_list(p, std::vector<Term>{
                             make_tuple(p, {atoms::min_heap_size, Term::small(233)}),
                             make_tuple(p, {atoms::fullsweep_after, Term::small(65535)}),
                             make_tuple(p, {vm.atoms().intern("minor_gcs"),
                                            Term::small(static_cast<SWord>(t.heap().gc_count()))})});
  } else if (item == atoms::suspending) {
    value = kNil;
  } else {
    return kNonValue;
  }
  return make_tuple(p, {item, value});
}

// Run `fn(target, status)` with `target` held still (or p itself).
// Returns kNonValue + badarg... or the atom undefined for a dead process.
// A target running on another scheduler is waited for only briefly, then
// the call is retried later (retry_later), so two processes inspecting each
// other at once cannot livelock, each spinning for the other to stop.
template <typename Fn>
Term with_process(Process& p, Term pid, Fn fn, std::string_view retry, std::initializer_list<Term> retry_args) {
  if (!pid.is_pid()) return p.badarg();
  if (pid.pid_index() == p.id()) {
    if (!handle_signals(p)) return p.fail(atoms::exit_signal_, p.exit_reason());
    return fn(p, atoms::running);
  }
  VM& vm = p.vm();
  Process* t = vm.processes().acquire(pid.pid_index());
  if (t == nullptr) return atoms::undefined;
  bool waiting = false;
  bool held = false;
  bool exiting = false;
  for (int i = 0; i < 64; ++i) {
    if ((held = vm.scheduler().claim(t, p.worker(), waiting))) break;
    if ((exiting = t->state().load() == ProcState::Exiting)) break;
    std::this_thread::yield();
  }
  if (!held && !exiting) {
    ProcessTable::release(t);
    return retry_later(p, t->id(), retry, retry_args);
  }
  Term result = atoms::undefined;
  if (held) {
    // Take in what has arrived, as the process itself would.
    if (!handle_signals(*t)) {
      t->state().store(ProcState::Exiting, std::memory_order_seq_cst);
      finish_process(*t, -1);
      ProcessTable::release(t);  // the table's reference
    } else {
      result = fn(*t, waiting ? atoms::waiting : atoms::runnable);
      vm.scheduler().unclaim(t, waiting);
    }
  }
  ProcessTable::release(t);
  return result;
}

bool known_item(Term item) {
  for (Term k : {atoms::status, atoms::message_queue_len, atoms::messages, atoms::links, atoms::monitors,
                 atoms::monitored_by, atoms::memory, atoms::heap_size, atoms::total_heap_size, atoms::stack_size,
                 atoms::reductions, atoms::current_function, atoms::initial_call, atoms::registered_name,
                 atoms::dictionary, atoms::trap_exit, atoms::priority, atoms::group_leader, atoms::error_handler,
                 atoms::garbage_collection, atoms::suspending}) {
    if (item == k) return true;
  }
  return false;
}

Term bif_process_info2(Process& p, const Term* a) {
  Term items = a[1];
  // Bad items are badarg even for a dead process: check them first.
  if (items.is_atom()) {
    if (!known_item(items)) return p.badarg();
  } else {
    for (Term l = items; !l.is_nil(); l = l.tail()) {
      if (!l.is_list() || !known_item(l.head())) return p.badarg();
    }
  }
  return with_process(p, a[0], [&](Process& t, Term status) -> Term {
    if (items.is_atom()) {
      Term r = info_item(p, t, items, status);
      if (r.is_non_value()) return p.badarg();
      return r;
    }
    std::vector<Term> out;
    for (Term l = items; !l.is_nil(); l = l.tail()) {
      if (!l.is_list()) return p.badarg();
      Term r = info_item(p, t, l.head(), status);
      if (r.is_non_value()) return p.badarg();
      // A list request keeps registered_name as {registered_name, []}.
      if (r.is_nil()) r = make_tuple(p, {atoms::registered_name, kNil});
      out.push_back(r);
    }
    return make_list(p, out);
  }, "process_info", {a[0], a[1]});
}

Term bif_process_info1(Process& p, const Term* a) {
  return with_process(p, a[0], [&](Process& t, Term status) -> Term {
    std::vector<Term> out;
    Term name = info_item(p, t, atoms::registered_name, status);
    if (!name.is_nil()) out.push_back(name);
    for (Term item : {atoms::current_function, atoms::initial_call, atoms::status, atoms::message_queue_len,
                      atoms::links, atoms::dictionary, atoms::trap_exit, atoms::error_handler, atoms::priority,
                      atoms::group_leader, atoms::total_heap_size, atoms::heap_size, atoms::stack_size,
                      atoms::reductions, atoms::garbage_collection, atoms::suspending}) {
      out.push_back(info_item(p, t, item, status));
    }
    return make_list(p, out);
  }, "process_info", {a[0]});
}

constexpr BifSpec kProcessBifs[] = {
    {"erlang", "spawn", 1, bif_spawn1, false},
    {"erlang", "spawn", 3, bif_spawn3, false},
    {"erlang", "spawn_link", 1, bif_spawn_link1, false},
    {"erlang", "spawn_link", 3, bif_spawn_link3, false},
    {"erlang", "spawn_monitor", 1, bif_spawn_monitor1, false},
    {"erlang", "spawn_monitor", 3, bif_spawn_monitor3, false},
    {"erlang", "spawn_opt", 2, bif_spawn_opt2, false},
    {"erlang", "spawn_opt", 4, bif_spawn_opt4, false},
    {"erlang", "send", 2, bif_send2, false},
    {"erlang", "send", 3, bif_send3, false},
    {"erlang", "link", 1, bif_link, false},
    {"erlang", "unlink", 1, bif_unlink, false},
    {"erlang", "monitor", 2, bif_monitor2, false},
    {"erlang", "monitor", 3, bif_monitor3, false},
    {"erlang", "demonitor", 1, bif_demonitor1, false},
    {"erlang", "demonitor", 2, bif_demonitor2, false},
    {"erlang", "exit", 2, bif_exit2, false},
    {"erlang", "is_process_alive", 1, bif_is_process_alive, false},
    {"erlang", "process_flag", 2, bif_process_flag, false},
    {"erlang", "register", 2, bif_register, false},
    {"erlang", "unregister", 1, bif_unregister, false},
    {"erlang", "whereis", 1, bif_whereis, false},
    {"erlang", "registered", 0, bif_registered, false},
    {"erlang", "processes", 0, bif_processes, false},
    {"erlang", "group_leader", 0, bif_group_leader0, false, kMayTrap},
    {"erlang", "group_leader", 2, bif_group_leader2, false, kMayTrap},
    {"erlang", "yield", 0, bif_yield, false, kMayTrap},
    {"erlang", "hibernate", 3, bif_hibernate, false, kMayTrap},
    {"erlang", "pid_to_list", 1, bif_pid_to_list, false},
    {"erlang", "list_to_pid", 1, bif_list_to_pid, false},
    {"erlang", "ref_to_list", 1, bif_ref_to_list, false},
    {"erlang", "send_after", 3, bif_send_after3, false},
    {"erlang", "send_after", 4, bif_send_after4, false},
    {"erlang", "start_timer", 3, bif_start_timer3, false},
    {"erlang", "start_timer", 4, bif_start_timer4, false},
    {"erlang", "cancel_timer", 1, bif_cancel_timer1, false},
    {"erlang", "cancel_timer", 2, bif_cancel_timer2, false},
    {"erlang", "read_timer", 1, bif_read_timer1, false},
    {"erlang", "read_timer", 2, bif_read_timer2, false},
    {"erlang", "process_info", 1, bif_process_info1, false, kMayTrap},
    {"erlang", "process_info", 2, bif_process_info2, false, kMayTrap},
};

}  // namespace

std::span<const BifSpec> bifs_process() { return kProcessBifs; }

}  // namespace girder::vm

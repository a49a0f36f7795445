#include "vm/proc/signals.h"

#include <algorithm>
#include <ctime>

#include "vm/ets/ets.h"
#include "vm/io/file.h"
#include "vm/io/service.h"
#include "vm/heap/copy.h"
#include "vm/proc/process_table.h"
#include "vm/proc/scheduler.h"
#include "vm/proc/timer.h"
#include "vm/proc/waiter.h"
#include "vm/term/build.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

RefId ref_id_of(Term ref) { return RefId{ref.box_ptr()[1], ref.box_ptr()[2]}; }

Term write_ref(Word*& hp, RefId id) {
  Word* obj = hp;
  hp += kRefObjectWords;
  obj[0] = make_header(BoxKind::Ref, kRefWords);
  obj[1] = id.w0;
  obj[2] = id.w1;
  return Term::boxed(obj);
}

Term write_tuple(Word*& hp, std::initializer_list<Term> elements) {
  Word* obj = hp;
  hp += 1 + elements.size();
  obj[0] = make_header(BoxKind::Tuple, elements.size());
  Word i = 1;
  for (Term t : elements) obj[i++] = t.raw();
  return Term::boxed(obj);
}

Term copy_into(Signal* s, Word*& hp, Term t) { return copy_term(t, hp, s->proc_bins); }

// {'EXIT', From, Reason}: kind Exit or LinkExit.
Signal* exit_signal_for(SignalKind kind, Term from, Term reason) {
  Signal* s = new_signal(kind, from, copy_size(reason) + 4);
  Word* hp = s->payload();
  s->reason() = copy_into(s, hp, reason);
  s->message = write_tuple(hp, {atoms::EXIT, from, s->reason()});
  return s;
}

// The object a DOWN message names: the pid, or {Name, Node} for a monitor
// set up by name.
Word down_object_words(Term name) { return name.is_atom() ? 3 : 0; }

// {'DOWN', Ref, process, Object, Reason}
Signal* down_signal(Term from, RefId ref, Term name, Term reason) {
  Signal* s = new_signal(SignalKind::Down, from, kRefObjectWords + down_object_words(name) + 6 + copy_size(reason));
  Word* hp = s->payload();
  s->ref() = write_ref(hp, ref);
  Term object = name.is_atom() ? write_tuple(hp, {name, atoms::nonode_at_nohost}) : from;
  s->reason() = copy_into(s, hp, reason);
  s->message = write_tuple(hp, {atoms::DOWN, s->ref(), atoms::process, object, s->reason()});
  return s;
}

Signal* ref_signal(SignalKind kind, Term from, RefId ref, Term name) {
  Signal* s = new_signal(kind, from, kRefObjectWords);
  Word* hp = s->payload();
  s->ref() = write_ref(hp, ref);
  s->reason() = name;
  return s;
}

void post_or_free(VM& vm, Word pid, Signal* s, int worker) {
  if (!post_signal(vm, pid, s, worker)) free_signal(s);
}

// The process dies of a signal: keep the signal's payload (the reason lives
// there) as part of the heap.
void die_of(Process& p, Signal* s, Term reason) {
  if (s != nullptr) p.heap().adopt(s->payload(), s->size, s, s->proc_bins);
  p.fail(atoms::exit_signal_, reason);
  p.set_exit_reason(reason);
}

std::string error_report_time(VM& vm) {
  std::int64_t ns = vm.system_ns();
  std::time_t secs = static_cast<std::time_t>(ns / 1000000000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%d-%s-%04d::%02d:%02d:%02d.%06lld", tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>((ns / 1000) % 1000000));
  return buf;
}

}  // namespace

Signal* message_signal(Term from, Term message) {
  Signal* s = new_signal(SignalKind::Message, from, copy_size(message));
  Word* hp = s->payload();
  s->message = copy_into(s, hp, message);
  return s;
}

bool post_signal(VM& vm, Word pid, Signal* s, int from_worker) {
  Process* target = vm.processes().acquire(pid);
  if (target == nullptr) return false;
  bool ok = target->inbox().push(s);
  if (ok) vm.scheduler().wake(target, from_worker);
  ProcessTable::release(target);
  return ok;
}

Term send_message(Process& sender, Term dest, Term message) {
  VM& vm = sender.vm();
  Word pid = 0;
  if (dest.is_pid()) {
    pid = dest.pid_index();
  } else if (dest.is_atom()) {
    pid = vm.processes().whereis(dest);
    if (pid == 0) return sender.badarg();
  } else if (dest.is_port()) {
    // A port is not a process: the port takes the message at once
    // (vm/io/port.h); a closed port drops it, without badarg (OTP).
    send_to_port(sender, dest, message);
    return message;
  } else if (dest.is_tuple() && dest.tuple_arity() == 2 && dest.element(0).is_atom() && dest.element(1).is_atom()) {
    // No distribution: a remote node is unreachable and the message is
    // dropped, as is one sent to a name nobody has (no badarg for {Name, Node}).
    if (dest.element(1) != atoms::nonode_at_nohost) return message;
    pid = vm.processes().whereis(dest.element(0));
    if (pid == 0) return message;
  } else {
    return sender.badarg();
  }
  Signal* s = message_signal(sender.self(), message);
  if (pid == sender.id()) {
    // Own inbox: no lookup, nobody to wake.
    if (!sender.inbox().push(s)) free_signal(s);
    return message;
  }
  post_or_free(vm, pid, s, sender.worker());
  return message;
}

Term spawn_process(Process& parent, Term fun_or_module, Term function, Term args, const SpawnOptions& options,
                   Term* monitor_ref) {
  VM& vm = parent.vm();
  bool is_fun = function.is_non_value();
  if (is_fun) {
    if (!fun_or_module.is_function()) return parent.badarg();
  } else {
    if (!fun_or_module.is_atom() || !function.is_atom() || list_length(args) < 0) return parent.badarg();
  }
  Word id = vm.processes().next_id();
  Word words = is_fun ? copy_size(fun_or_module) : copy_size(args);
  // Room for the spawn arguments and a little more: most processes that
  // wait in receive never need a bigger heap, and the first collection
  // grows it for those that do.
  Word heap_words = std::max<Word>(options.min_heap_words, words + 12);
  auto* child = new Process(vm, id, heap_words);
  Word* hp = child->alloc(words);
  Word* proc_bins = nullptr;
  auto& exec = child->exec();
  if (is_fun) {
    exec.args = {copy_term(fun_or_module, hp, proc_bins), kNil};
    exec.pc = vm.boot_apply_fun();
    child->set_initial_call(atoms::erlang, atoms::apply, 2);  // as OTP reports a fun's initial call
  } else {
    Term copied = copy_term(args, hp, proc_bins);
    exec.args = {fun_or_module, function, copied};
    exec.pc = vm.boot_apply();
    child->set_initial_call(fun_or_module, function, static_cast<Word>(list_length(args)));
  }
  child->heap().link_proc_bins(proc_bins);
  exec.cp = nullptr;
  exec.e = child->stack_hi();
  child->set_group_leader(parent.group_leader());
  child->set_priority(options.priority);
  child->set_max_heap_words(options.max_heap_words != 0 ? options.max_heap_words
                                                        : parent.vm().options().default_max_heap_words);
  // The child runs nowhere yet, so the parent may set up both ends of a
  // link or monitor directly.
  if (options.link) {
    parent.relations().links.push_back(id);
    child->relations().links.push_back(parent.id());
  }
  if (options.monitor) {
    RefId ref{vm.next_ref_id(), 0};
    parent.relations().monitors.push_back({ref, id, kNil});
    child->relations().watchers.push_back({ref, parent.id(), kNil});
    Word* rp = parent.alloc(kRefObjectWords);
    *monitor_ref = write_ref(rp, ref);
  }
  vm.processes().insert(child);
  vm.scheduler().enqueue(child, parent.worker());
  return Term::pid(id);
}

Term spawn_root(VM& vm, Term module, Term function, Term group_leader, ProcessWaiter* waiter, Term args,
                bool report_crash) {
  Word id = vm.processes().next_id();
  auto* p = new Process(vm, id, 64);
  if (!report_crash) p->set_report_crash(false);
  Term copied = kNil;
  if (!args.is_nil()) {
    // The host's terms stay where they are: the process gets a copy.
    Word words = copy_size(args);
    Word* hp = p->alloc(words);
    Word* proc_bins = nullptr;
    copied = copy_term(args, hp, proc_bins);
    p->heap().link_proc_bins(proc_bins);
  }
  p->exec().args = {module, function, copied};
  p->set_max_heap_words(vm.options().default_max_heap_words);
  p->exec().pc = vm.boot_apply();
  p->exec().cp = nullptr;
  p->exec().e = p->stack_hi();
  std::int64_t arity = list_length(copied);
  p->set_initial_call(module, function, arity < 0 ? 0 : static_cast<Word>(arity));
  p->set_group_leader(group_leader.is_pid() ? group_leader : Term::pid(id));
  if (waiter != nullptr) waiter->attach(Term::pid(id), /*expect_alive=*/false);
  vm.processes().insert(p);
  vm.scheduler().enqueue(p, -1);
  return Term::pid(id);
}

void accept_current_message(Process& p) {
  Signal* s = p.messages().remove_current();
  p.heap().adopt(s->payload(), s->size, s, s->proc_bins);
  if (p.timer_armed()) {
    p.vm().timers().discard(p.timer_id());
    p.disarm_timer();
  }
}

bool handle_signals(Process& p) {
  Signal* s = p.inbox().take_all();
  if (s == nullptr) return true;
  bool dying = false;
  while (s != nullptr) {
    Signal* next = s->next;
    s->next = nullptr;
    Word from = s->from.pid_index();
    switch (s->kind) {
      case SignalKind::Message:
        p.messages().append(s);
        break;
      case SignalKind::Link: {
        // A port links its new owner this way (vm/io: accept, controlling_process).
        bool port = s->from.is_port();
        auto& links = port ? p.relations().port_links : p.relations().links;
        Word id = port ? s->from.port_index() : from;
        if (std::find(links.begin(), links.end(), id) == links.end()) links.push_back(id);
        free_signal(s);
        break;
      }
      case SignalKind::Unlink: {
        if (p.has_relations()) {
          if (s->from.is_port()) {
            std::erase(p.relations().port_links, s->from.port_index());
          } else {
            std::erase(p.relations().links, from);
          }
        }
        free_signal(s);
        break;
      }
      case SignalKind::Monitor:
        p.relations().watchers.push_back({ref_id_of(s->ref()), from, s->reason()});
        free_signal(s);
        break;
      case SignalKind::Demonitor: {
        if (p.has_relations()) {
          RefId ref = ref_id_of(s->ref());
          std::erase_if(p.relations().watchers, [&](const Relations::Watcher& w) { return w.ref == ref; });
        }
        free_signal(s);
        break;
      }
      case SignalKind::Down: {
        bool known = false;
        if (p.has_relations()) {
          RefId ref = ref_id_of(s->ref());
          known = std::erase_if(p.relations().monitors, [&](const Relations::Monitor& m) { return m.ref == ref; }) != 0;
        }
        if (known && !dying) {
          p.messages().append(s);
        } else {
          free_signal(s);
        }
        break;
      }
      case SignalKind::LinkExit:
      case SignalKind::Exit: {
        bool linked = s->kind == SignalKind::LinkExit;
        if (linked) {
          // Only while the link exists (an unlink makes late signals void).
          bool port = s->from.is_port();
          if (!p.has_relations() ||
              (port ? std::erase(p.relations().port_links, s->from.port_index())
                    : std::erase(p.relations().links, from)) == 0) {
            free_signal(s);
            break;
          }
        }
        if (dying) {
          free_signal(s);
          break;
        }
        Term reason = s->reason();
        if (!linked && reason == atoms::kill) {
          free_signal(s);
          die_of(p, nullptr, atoms::killed);
          dying = true;
        } else if (p.trap_exit()) {
          p.messages().append(s);
        } else if (reason == atoms::normal) {
          if (!linked && from == p.id()) {
            free_signal(s);
            die_of(p, nullptr, atoms::normal);
            dying = true;
          } else {
            free_signal(s);
          }
        } else {
          die_of(p, s, reason);
          dying = true;
        }
        break;
      }
    }
    s = next;
  }
  return !dying;
}

Term exit_reason_for(Process& p, Term error_class, Term reason, Term stacktrace) {
  if (error_class == atoms::exit || error_class == atoms::exit_signal_) return reason;
  if (error_class == atoms::throw_) reason = make_tuple(p, {atoms::nocatch, reason});
  return make_tuple(p, {reason, stacktrace});
}

void finish_process(Process& p, int worker) {
  VM& vm = p.vm();
  ProcessTable& table = vm.processes();
  Term reason = p.exit_reason();
  if (!reason.is_value()) reason = atoms::normal;
  Term name = table.name_of(p.id());
  if (name.is_atom()) table.unregister_name(name);
  table.remove(p.id());
  if (p.timer_armed()) {
    vm.timers().discard(p.timer_id());
    p.disarm_timer();
  }
  // Signals that arrive from now on bounce off the closed inbox; those
  // already there are answered as a dead process answers them.
  for (Signal* s = p.inbox().close(); s != nullptr;) {
    Signal* next = s->next;
    if (s->kind == SignalKind::Link && s->from.is_port()) {
      vm.io().process_exited(p.id(), {s->from.port_index()}, reason);
    } else if (s->kind == SignalKind::Link) {
      post_or_free(vm, s->from.pid_index(), exit_signal_for(SignalKind::LinkExit, p.self(), atoms::noproc), worker);
    } else if (s->kind == SignalKind::Monitor) {
      post_or_free(vm, s->from.pid_index(), down_signal(p.self(), ref_id_of(s->ref()), s->reason(), atoms::noproc),
                   worker);
    }
    free_signal(s);
    s = next;
  }
  vm.ets().process_exited(p, worker);  // its tables go to their heirs or away (vm/ets/ets.h)
  vm.files().process_exited(p.id());   // and its open files close (vm/io/file.h)
  if (p.has_relations()) {
    Relations& r = p.relations();
    for (Word link : r.links) post_or_free(vm, link, exit_signal_for(SignalKind::LinkExit, p.self(), reason), worker);
    for (const auto& w : r.watchers) post_or_free(vm, w.pid, down_signal(p.self(), w.ref, w.name, reason), worker);
    for (const auto& m : r.monitors) {
      post_or_free(vm, m.pid, ref_signal(SignalKind::Demonitor, p.self(), m.ref, kNil), worker);
    }
    r.links.clear();
    // Ports close when their owner goes (vm/io/port.h).
    if (!r.port_links.empty()) vm.io().process_exited(p.id(), r.port_links, reason);
    r.port_links.clear();
    r.watchers.clear();
    r.monitors.clear();
  }
  p.messages().clear();
  Term cls = p.error_class();
  if (p.report_crash() && (cls == atoms::error || cls == atoms::throw_)) {
    // Bounded: a huge reason (a long list, a big state) is cut at a depth
    // of 40 terms (as ~P 40 prints) and the whole report at 16 KB.
    constexpr int kReportDepth = 40;
    constexpr std::size_t kReportBytes = 16 * 1024;
    std::string value = print_term(vm, reason, 1, 80, kReportDepth, true);
    if (value.size() > kReportBytes) value = value.substr(0, kReportBytes) + " ...";
    std::string text = "=ERROR REPORT==== " + error_report_time(vm) + " ===\nError in process " +
                       write_term(vm, p.self()) + " with exit value:\n" + value + "\n\n";
    vm.write_stderr(text);
  }
  // Last: the outcome is copied off the heap, which is still whole.
  // A dead heap stops counting toward the VM's heap limit now, not when the
  // last reference to the process goes (a host's waiter may still hold one
  // and start its next call at once).
  p.heap().detach_totals();
  vm.waiters().process_exited(p);
}

void deliver_timer_message(VM& vm, Term dest, Signal* message) {
  Word pid = dest.is_pid() ? dest.pid_index() : vm.processes().whereis(dest);
  if (pid == 0 || !post_signal(vm, pid, message, -1)) free_signal(message);
}

void deliver_receive_timeout(VM& vm, Word pid, Word seq) {
  Process* p = vm.processes().acquire(pid);
  if (p == nullptr) return;
  p->fire_timeout(seq);
  vm.scheduler().wake(p, -1);
  ProcessTable::release(p);
}

// link/1 and unlink/1 on a port: the process side of the link, and the
// port told of it (Port::link/unlink, vm/io/port.h: OS-process ports keep
// a list; a socket's only link is its owner).
Term link_port(Process& p, Term port) {
  auto target = p.vm().io().find(port);
  if (target == nullptr) {
    if (!p.trap_exit()) return p.fail(atoms::error, atoms::noproc);
    Signal* e = exit_signal_for(SignalKind::LinkExit, port, atoms::noproc);
    p.relations().port_links.push_back(port.port_index());
    if (!p.inbox().push(e)) free_signal(e);
    return kTrue;
  }
  auto& links = p.relations().port_links;
  if (std::find(links.begin(), links.end(), port.port_index()) == links.end()) links.push_back(port.port_index());
  target->link(p.id());
  return kTrue;
}

Term link_process(Process& p, Term pid) {
  if (pid.is_port()) return link_port(p, pid);
  if (!pid.is_pid()) return p.badarg();
  Word id = pid.pid_index();
  if (id == p.id()) return kTrue;
  auto& links = p.relations().links;
  if (std::find(links.begin(), links.end(), id) != links.end()) return kTrue;
  Signal* s = new_signal(SignalKind::Link, p.self(), 0);
  if (!post_signal(p.vm(), id, s, p.worker())) {
    free_signal(s);
    if (!p.trap_exit()) return p.fail(atoms::error, atoms::noproc);
    // Trapping: the caller hears of it as an exit message.
    Signal* e = exit_signal_for(SignalKind::LinkExit, pid, atoms::noproc);
    links.push_back(id);
    if (!p.inbox().push(e)) free_signal(e);
    return kTrue;
  }
  links.push_back(id);
  return kTrue;
}

Term unlink_process(Process& p, Term pid) {
  if (pid.is_port()) {
    if (p.has_relations()) std::erase(p.relations().port_links, pid.port_index());
    if (auto port = p.vm().io().find(pid)) port->unlink(p.id());
    return kTrue;
  }
  if (!pid.is_pid()) return p.badarg();
  Word id = pid.pid_index();
  if (id == p.id()) return kTrue;
  if (!p.has_relations() || std::erase(p.relations().links, id) == 0) return kTrue;
  post_or_free(p.vm(), id, new_signal(SignalKind::Unlink, p.self(), 0), p.worker());
  return kTrue;
}

Term monitor_process(Process& p, Term target) {
  VM& vm = p.vm();
  Term name = kNil;
  Word id = 0;
  if (target.is_pid()) {
    id = target.pid_index();
  } else if (target.is_atom()) {
    name = target;
  } else if (target.is_tuple() && target.tuple_arity() == 2 && target.element(0).is_atom() &&
             target.element(1).is_atom()) {
    name = target.element(0);
    if (target.element(1) != atoms::nonode_at_nohost) return p.badarg();
  } else {
    return p.badarg();
  }
  if (name.is_atom()) id = vm.processes().whereis(name);
  RefId ref{vm.next_ref_id(), 0};
  Word* hp = p.alloc(kRefObjectWords);
  Term ref_term = write_ref(hp, ref);
  if (id == p.id()) return ref_term;  // monitoring oneself does nothing
  p.relations().monitors.push_back({ref, id, name});
  Signal* s = id == 0 ? nullptr : ref_signal(SignalKind::Monitor, p.self(), ref, name);
  if (s == nullptr || !post_signal(vm, id, s, p.worker())) {
    if (s != nullptr) free_signal(s);
    // Gone already: the DOWN comes at once, through our own inbox so that
    // demonitor semantics stay uniform.
    Signal* down = down_signal(name.is_atom() ? p.self() : target, ref, name, atoms::noproc);
    if (!p.inbox().push(down)) free_signal(down);
  }
  return ref_term;
}

Term demonitor_process(Process& p, Term ref, bool flush, bool info) {
  if (!ref.is_ref()) return p.badarg();
  RefId id = ref_id_of(ref);
  bool found = false;
  if (p.has_relations()) {
    auto& monitors = p.relations().monitors;
    for (auto it = monitors.begin(); it != monitors.end(); ++it) {
      if (it->ref == id) {
        if (it->pid != 0) {
          post_or_free(p.vm(), it->pid, ref_signal(SignalKind::Demonitor, p.self(), id, kNil), p.worker());
        }
        monitors.erase(it);
        found = true;
        break;
      }
    }
  }
  if (flush) {
    // Pull in what has arrived so a DOWN already sent is found and removed.
    if (!handle_signals(p)) return p.fail(atoms::exit_signal_, p.exit_reason());
    MessageQueue& q = p.messages();
    q.reset_save();
    while (Signal* m = q.current()) {
      Term msg = m->message;
      if (m->kind == SignalKind::Down && ref_id_of(m->ref()) == id && msg.is_tuple()) {
        free_signal(q.remove_current());
        break;
      }
      q.advance();
    }
    q.reset_save();
  }
  if (info) return make_bool(found);
  return kTrue;
}

Term exit_signal(Process& p, Term pid, Term reason) {
  if (!pid.is_pid()) return p.badarg();
  Signal* s = exit_signal_for(SignalKind::Exit, p.self(), reason);
  if (pid.pid_index() == p.id()) {
    // To ourselves: it takes effect before the call returns.
    if (!p.inbox().push(s)) {
      free_signal(s);
      return kTrue;
    }
    if (!handle_signals(p)) return p.fail(atoms::exit_signal_, p.exit_reason());
    return kTrue;
  }
  post_or_free(p.vm(), pid.pid_index(), s, p.worker());
  return kTrue;
}

}  // namespace girder::vm

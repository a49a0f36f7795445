// Signals between processes: sending, links, monitors, exits, spawning, and
// what happens when a process ends. The mailbox types are in mailbox.h, the
// state machine in scheduler.h.
//
// Semantics (Erlang's):
// * A linked process that dies sends its exit reason to every link. The
//   receiver dies with that reason unless it traps exits (then it gets
//   {'EXIT', From, Reason}) or the reason is `normal` (ignored).
// * exit/2 sends the same signal without a link; `kill` cannot be trapped
//   and ends the receiver with reason `killed`; `normal` sent by a process
//   to itself ends it.
// * A monitor delivers {'DOWN', Ref, process, Object, Reason} once; after
//   demonitor returns no DOWN for that monitor arrives. A link or monitor to
//   a process that is gone gets reason `noproc` at once.
// * Unlink: once it returns, no exit signal due to the link affects the
//   caller (a late LinkExit is ignored because the link is gone).
#pragma once

#include "vm/proc/mailbox.h"
#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

class VM;
class ProcessWaiter;

struct SpawnOptions {
  bool link = false;
  bool monitor = false;
  Priority priority = Priority::Normal;
  Word min_heap_words = 0;
  Word max_heap_words = 0;
};

// Spawn a process calling Fun() (function is kNonValue, args []) or
// M:F(Args). Returns its pid; with `monitor`, *monitor_ref gets the reference
// (built on the parent's heap). kNonValue + badarg on a bad argument.
Term spawn_process(Process& parent, Term fun_or_module, Term function, Term args, const SpawnOptions& options,
                   Term* monitor_ref);

// A process with no parent calling M:F(Args) (the runtime's own processes,
// such as the I/O server, and processes a host starts; `args`, a proper
// list anywhere, is copied). Queued to run when the scheduler runs;
// `waiter`, if given, watches it from before it can run.
// `report_crash` false: an uncaught exception prints no report (whoever
// waits gets it).
Term spawn_root(VM& vm, Term module, Term function, Term group_leader, ProcessWaiter* waiter = nullptr,
                Term args = kNil, bool report_crash = true);

// erlang:send/2 and `!`: the message, or kNonValue after badarg.
Term send_message(Process& sender, Term dest, Term message);

// Push a signal to the process with this pid number and wake it. False when
// it is gone (the caller still owns the signal).
bool post_signal(VM& vm, Word pid, Signal* s, int from_worker);

// Take everything in p's inbox: messages go to its queue, other signals act.
// False when a signal ends the process (its exit reason is set).
bool handle_signals(Process& p);

// receive matched the message at the save point: take it off the queue,
// adopt its terms into the heap and cancel the receive's timeout.
void accept_current_message(Process& p);

// A process finished (its exit reason is set): tell links and monitors,
// drop its name, answer late signals, print a crash report when due, and
// take it out of the process table (the caller drops the table's reference).
void finish_process(Process& p, int worker);

// The exit reason of a process ended by an uncaught exception, as Erlang
// reports it: error -> {Reason, Stack}, throw -> {{nocatch, Reason}, Stack},
// exit -> Reason.
Term exit_reason_for(Process& p, Term error_class, Term reason, Term stacktrace);

// Timer deliveries (timer.cpp).
void deliver_timer_message(VM& vm, Term dest, Signal* message);
void deliver_receive_timeout(VM& vm, Word pid, Word seq);

// BIF helpers (bif/process.cpp); each returns the BIF's result or kNonValue
// after p.fail().
Term link_process(Process& p, Term pid);
Term unlink_process(Process& p, Term pid);
Term monitor_process(Process& p, Term target);
Term demonitor_process(Process& p, Term ref, bool flush, bool info);
Term exit_signal(Process& p, Term pid, Term reason);

// Build a message signal (a deep copy of `message`).
Signal* message_signal(Term from, Term message);

}  // namespace girder::vm

// Something outside the schedulers that may still deliver to a waiting
// process: the timer service, the I/O service, a host holding a mailbox, a
// control socket. The scheduler's idle check (Scheduler::add_wake_source)
// calls a VM deadlocked only when no source may wake anyone.
#pragma once

namespace girder::vm {

class WakeSource {
 public:
  virtual ~WakeSource() = default;
  // Could this source still make some process runnable? Asked by an idle
  // worker with no scheduler lock held: cheap, thread-safe, and allowed to
  // err towards true (that only delays a deadlock report).
  virtual bool may_wake() const = 0;
};

}  // namespace girder::vm

// The I/O service: one libuv loop on its own thread, the port table, and
// the way completions reach processes.
//
// Threads: the loop thread runs every libuv callback and is the only thread
// that touches libuv handles. Any thread may post work to it (post, sync),
// look up ports and deliver messages.
//
// Lifecycle: the loop thread starts with the first request and runs until
// shutdown() (the VM's destructor), which closes every port, lets libuv
// finish the closes and joins the thread.
#pragma once

#include <uv.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "vm/io/port.h"
#include "vm/proc/wake_source.h"
#include "vm/term/term.h"

namespace girder::vm {

class VM;
class Process;
struct Signal;

class IoService final : public WakeSource {
 public:
  explicit IoService(VM& vm);
  ~IoService() override;
  IoService(const IoService&) = delete;
  IoService& operator=(const IoService&) = delete;

  VM& vm() const { return vm_; }
  PortTable& ports() { return ports_; }
  // The loop (loop thread only: libuv handles are not thread-safe).
  uv_loop_t* loop() { return &loop_; }
  // A read buffer for the loop thread (loop thread only).
  std::vector<char>& scratch() { return scratch_; }

  // Run `fn` on the loop thread soon (FIFO with every other request). Any
  // thread. `fn` gets the loop.
  void post(std::function<void(uv_loop_t*)> fn);
  // Ask the loop to call port->sync_on_loop() (coalesced: one call however
  // many syncs are asked for before the loop gets to it). Any thread.
  void sync(const std::shared_ptr<Port>& port);

  // Register a new port: it gets its index and is linked to `owner` (both
  // sides: the port's owner field and the process's port links, which the
  // caller, running as `owner`, may touch). Returns the port term.
  Term open_port(Process& owner, std::shared_ptr<Port> port);
  // The port a term names, or nullptr (not a port, or closed and gone).
  std::shared_ptr<Port> find(Term port) const;
  // Loop thread: the port's handles are closed; drop it from the table.
  void port_closed(Word index);
  // Loop thread: keep a port alive while it has libuv handles open,
  // whether or not it is still in the table (an OS-process port leaves the
  // table when it closes for Erlang; its child may run on: port_close does
  // not kill it). Shutdown closes held ports too. Released when its last
  // handle is closed.
  void hold(std::shared_ptr<Port> port);
  void release(const Port* port);

  // Hand `s` to the process with pid number `pid` (freed if it is gone).
  void deliver(Word pid, Signal* s);
  // A process exited while linked to these ports (finish_process).
  void process_exited(Word pid, const std::vector<Word>& port_links, Term reason);

  // Something that may still deliver: an open port, or a request in flight
  // (a name lookup, a file operation) whose answer a process waits for.
  bool may_wake() const override;
  // Requests in flight that are not tied to a port (begin when posted, end
  // when the answer is delivered).
  void begin_request() { requests_.fetch_add(1, std::memory_order_relaxed); }
  void end_request() { requests_.fetch_sub(1, std::memory_order_relaxed); }

  // Close every port and stop the loop thread. Idempotent.
  void shutdown();

 private:
  void ensure_started();
  void thread_main();
  static void on_async(uv_async_t* handle);
  void run_posted();

  VM& vm_;
  PortTable ports_;
  std::atomic<std::int64_t> requests_{0};

  std::mutex start_mutex_;
  std::atomic<bool> started_{false};
  bool stopping_ = false;  // guarded by queue_mutex_
  std::thread thread_;
  uv_loop_t loop_{};
  uv_async_t async_{};
  std::vector<char> scratch_ = std::vector<char>(256 * 1024);

  std::mutex queue_mutex_;
  std::vector<std::function<void(uv_loop_t*)>> posted_;
  std::vector<std::shared_ptr<Port>> to_sync_;

  std::vector<std::shared_ptr<Port>> held_;  // loop thread only (hold)
};

}  // namespace girder::vm

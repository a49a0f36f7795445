// Ports: the Erlang face of everything outside the VM (sockets, OS
// processes). A Port object is shared by the schedulers (BIFs) and the loop
// thread; PortTable maps a port term's index to it.
//
// Invariants:
// * Port indexes are never reused (like pids), so a stale port term can
//   never reach a newer port.
// * `mutex` guards every field a subclass marks "guarded" and the owner and
//   links here. It is never held while taking a scheduler or process-table
//   lock other than through post_signal (lock order: port, then process
//   table shard, then scheduler).
// * A socket leaves the table once, on the loop thread, when its handles
//   are closed; the shared_ptrs held by BIFs or queued syncs keep the
//   object alive until they let go. An OS-process port leaves it as soon
//   as it is closed for Erlang, from any thread; the loop holds that object
//   (IoService::hold) until its handles are closed.
// * Links: a port is linked to its owner; OS-process ports also keep the
//   other processes linked to them (link/1, port_connect) and tell them
//   when they close. Process side: Relations::port_links.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "vm/proc/process.h"
#include "vm/proc/spin_lock.h"
#include "vm/term/term.h"

namespace girder::vm {

class IoService;
struct Signal;

class Port : public std::enable_shared_from_this<Port> {
 public:
  enum class Kind : std::uint8_t { TcpSocket, UdpSocket, Exec };

  Port(IoService& io, Kind kind) : io_(io), kind_(kind) {}
  virtual ~Port() = default;
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;

  IoService& io() const { return io_; }
  Kind kind() const { return kind_; }
  Word index() const { return index_; }
  Term term() const { return Term::port(index_); }
  // port_info(P, name): "tcp_inet", "udp_inet", or the spawned command.
  virtual std::string name() const = 0;

  // Loop thread: bring libuv in line with what the port wants now (poll
  // events, a close). Called once per IoService::sync, coalesced.
  virtual void sync_on_loop() = 0;
  // Any thread, mutex not held: a process linked to the port exited. The
  // owner's exit closes the port.
  virtual void linked_exited(Word pid, Term reason) = 0;
  // Any thread, mutex not held: close as port_close/1 or gen_tcp:close/1
  // do (the port is gone for Erlang at once; queued output may still be
  // written by the loop before the descriptor closes).
  virtual void close() = 0;
  // Loop thread, VM shutting down: close every handle now, dropping queued
  // output; the port leaves the table when libuv is done with its handles.
  virtual void shutdown_on_loop() = 0;

  // Any thread, mutex not held: process `pid` called link/1 or unlink/1 on
  // the port (its own side is Relations::port_links). Sockets keep no list:
  // their one link is their owner, so by default nothing is recorded.
  virtual void link(Word /*pid*/) {}
  virtual void unlink(Word /*pid*/) {}
  // The sender's thread, mutex not held: `Port ! Message` (send_to_port).
  // OS-process ports take OTP's port protocol ({Pid, {command, Data}},
  // {Pid, close}, {Pid, {connect, NewPid}}); sockets drop what they get.
  virtual void message(Process& /*sender*/, Term /*message*/) {}
  // Any thread, mutex held: port_info(P, links) and port_info(P, os_pid)
  // (0: no OS process behind the port).
  virtual std::vector<Word> linked_pids() const;
  virtual long os_pid() const { return 0; }

  // Guarded by mutex.
  Word owner() const { return owner_; }
  std::mutex& mutex() const { return mutex_; }
  // Bytes in and out, for port_info (guarded).
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;

 protected:
  friend class IoService;
  friend class PortTable;
  IoService& io_;
  Kind kind_;
  Word index_ = 0;
  mutable std::mutex mutex_;
  Word owner_ = 0;  // the connected process (pid index); guarded
  std::atomic<bool> sync_queued_{false};
};

class PortTable {
 public:
  // Give `port` a fresh index and list it.
  Word insert(std::shared_ptr<Port> port);
  void remove(Word index);
  std::shared_ptr<Port> find(Word index) const;
  std::size_t count() const;
  // Every live port's index, ascending.
  std::vector<Word> indexes() const;

 private:
  mutable SpinLock lock_;
  std::unordered_map<Word, std::shared_ptr<Port>> ports_;
  // Port numbers start where OTP's first user port would, roughly; only
  // uniqueness matters.
  Word next_index_ = 1;
};

// `Port ! Message` (send_message, vm/proc/signals.cpp): a port is not a
// process, so the message goes to the port object at once, on the sender's
// thread. A closed or unknown port drops it silently, as OTP does.
void send_to_port(Process& sender, Term port, Term message);

}  // namespace girder::vm

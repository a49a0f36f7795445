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
// * A port leaves the table once, on the loop thread, when its handles are
//   closed; the shared_ptrs held by BIFs or queued syncs keep the object
//   alive until they let go.
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

}  // namespace girder::vm

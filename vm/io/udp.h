// UDP sockets (gen_udp, inet): a UdpPort is one datagram socket with the
// processes waiting on it and the datagrams it could not send yet.
//
// Same design as TCP (tcp.h, docs/internals/io.md): a non-blocking socket
// polled by the loop (uv_poll_t), plain syscalls, schedulers doing the
// syscall themselves when they cannot race the loop, and results that
// cannot come at once sent as {inet_reply, Ref, Result}.
//
// Modes (OTP's): passive ({active, false}) reads one datagram per recv;
// active modes read whenever datagrams come and send {udp, S, IP, Port,
// Data} to the owner ({active, once}: one message; {active, N}: N, then
// {udp_passive, S}). A datagram longer than the `buffer` option is cut to
// it, silently (OTP 25's default buffer is 8192 bytes). Output: a send is
// one sendto; when the socket's buffer is full the datagram waits in a
// queue and its sender waits for the reply, so memory stays bounded by one
// datagram per waiting sender.
#pragma once

#include <uv.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vm/io/poll.h"
#include "vm/io/port.h"
#include "vm/io/tcp.h"  // SocketAddress and the address helpers
#include "vm/proc/process.h"

namespace girder::vm {

struct UdpOptions {
  enum class Active : std::uint8_t { False, True, Once, Count };
  bool binary = false;
  Active active = Active::True;
  int active_count = 0;  // Active::Count: messages left before passive
  // The longest datagram delivered whole (1 .. 65536; OTP's default).
  std::size_t buffer = 8192;
  bool buffer_given = false;  // {buffer, N} was given: recbuf no longer sets it
  int recbuf = 0;             // 0: the OS default
  int sndbuf = 0;
  bool reuseaddr = false;
  bool reuseport = false;
  bool broadcast = false;
  int multicast_ttl = -1;   // -1: not set
  int multicast_loop = -1;  // -1: not set, else 0 or 1
};

// A multicast group to join or leave ({add_membership, {Group, Interface}}).
struct UdpMembership {
  bool add = true;
  SocketAddress group;
  SocketAddress interface;
};

class UdpPort final : public Port {
 public:
  UdpPort(IoService& io, int fd, int family, const UdpOptions& options);
  ~UdpPort() override;

  std::string name() const override { return "udp_inet"; }
  void sync_on_loop() override;
  void linked_exited(Word pid, Term reason) override;
  void close() override;
  void shutdown_on_loop() override;
  // gen_udp:close/1: as close(), and the caller is told {inet_reply, Ref,
  // ok} once the descriptor is closed (so the address is free again when
  // gen_udp:close returns, as in OTP). `ok` when the socket is closed
  // already, else the reference.
  Term close_and_wait(Process& p);

  // --- operations for the BIFs (bif/udp.cpp, bif/inet.cpp) ---
  // Each runs on the caller's scheduler thread and returns a term on p's
  // heap: the result, or a reference when the result will come later as
  // {inet_reply, Ref, Result}.
  // gen_udp:open: `local` is the address to bind (port included).
  static Term open(Process& p, const SocketAddress& local, UdpOptions options,
                   const std::vector<UdpMembership>& memberships);
  // {ok, {IP, Port, Data}} | {error, Reason} | Ref
  Term recv(Process& p);
  // One datagram to `to`, or to the connected peer when `to` is null.
  Term send(Process& p, const SocketAddress* to, std::string_view bytes);
  Term connect(Process& p, const SocketAddress& to);
  // Withdraw a waiting recv/send: true when it was still waiting (no reply
  // will come), false when its reply is on its way.
  bool cancel(RefId ref);
  Term controlling_process(Process& p, Word new_owner);
  Term setopts(Process& p, Term options);
  Term getopts(Process& p, Term names);
  Term address(Process& p, bool peer);

  // Apply an Erlang option list to `options` (and collect membership
  // changes); false on an unknown or malformed option. `local` (open only)
  // gets {ip, Addr}, `family` inet/inet6.
  static bool parse_options(Term list, UdpOptions& options, std::vector<UdpMembership>& memberships,
                            SocketAddress* local, int* family);

 private:
  struct Waiter {
    RefId ref;
    Word pid = 0;
  };
  struct Datagram {
    std::string bytes;
    SocketAddress to;  // length 0: the connected peer
    Waiter sender;
  };

  // All private members below run with mutex_ held.
  bool wants_read() const;
  bool wants_write() const { return !out_.empty(); }
  // One datagram off the socket into in_ / in_from_; false when there is
  // none (errno-style failure in *err, 0 when the socket is just empty).
  bool read_datagram(int* err);
  void apply_socket_options(const std::vector<UdpMembership>& memberships, int* err);
  // Hand datagrams to waiting recvs or the active owner (loop thread).
  void read_and_dispatch();
  void deliver_active();  // {udp, S, IP, Port, Data} for in_
  void send_owner(Term tag);
  void reply(const Waiter& w, Term atom_result);  // {inet_reply, Ref, Atom}
  void reply_error(const Waiter& w, Term reason);
  void reply_datagram(const Waiter& w);  // {inet_reply, Ref, {ok, {IP, Port, Data}}} for in_
  void fail_waiters(Term reason);
  // A datagram's data term on p's heap / in a signal.
  Term make_data(Process& p, std::string_view data) const;
  Word data_words(std::size_t n) const;
  Term write_data(Signal* s, Word*& hp, std::string_view data) const;
  // sendto once: 0, or the errno.
  int send_now(const SocketAddress* to, std::string_view bytes);
  void flush_output();  // loop thread
  void on_poll(int status, int events);
  void close_handles();  // loop thread
  Term new_reply_ref(Process& p, Waiter& w);

  // Guarded by mutex_ (constant after construction: family_).
  int fd_;
  int family_;
  UdpOptions options_;
  bool closed_ = false;  // closed for Erlang (gen_udp:close, owner died)
  std::string in_;       // the datagram just read
  SocketAddress in_from_;
  std::deque<Waiter> recv_waiters_;
  std::deque<Datagram> out_;
  Waiter close_waiter_;  // pid 0: none

  // Loop thread only.
  PolledFd poll_;
  bool handles_closing_ = false;
};

}  // namespace girder::vm

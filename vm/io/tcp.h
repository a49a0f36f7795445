// TCP sockets (gen_tcp, inet): a TcpPort is one socket, listening or
// connected, with its receive buffer, its queue of unsent output and the
// processes waiting on it.
//
// Modes (OTP's): passive ({active, false}) reads only what a recv asks for
// (the kernel's buffer then fills and TCP flow control slows the peer);
// active modes read whenever data comes and send {tcp, S, Data} to the
// owner ({active, once}: one message; {active, N}: N, then {tcp_passive,
// S}). Output: a send writes at once when nothing is queued, else queues;
// while more than high_watermark bytes are queued the sender waits (its
// send returns when the queue has drained below low_watermark), so memory
// per socket stays bounded.
#pragma once

#include <sys/socket.h>
#include <uv.h>

#include <cstdint>
#include <vector>
#include <memory>
#include <string>
#include <string_view>

#include "vm/io/packet.h"
#include "vm/io/poll.h"
#include "vm/io/port.h"
#include "vm/proc/process.h"

namespace girder::vm {

struct TcpOptions {
  enum class Active : std::uint8_t { False, True, Once, Count };
  bool binary = false;
  Active active = Active::True;
  int active_count = 0;  // Active::Count: messages left before passive
  io::PacketType packet = io::PacketType::Raw;
  std::size_t packet_size = 0;  // 0: no limit
  std::size_t header = 0;
  std::size_t line_length = 0;  // 0: lines are cut at the read buffer size
  int backlog = 5;
  bool reuseaddr = false;
  bool nodelay = false;
  bool keepalive = false;
  bool exit_on_close = true;
  bool delay_send = false;
  bool send_timeout_close = false;
  bool show_econnreset = false;
  std::int64_t send_timeout = -1;  // ms; -1: infinity
  std::size_t buffer = 0;          // {buffer, N}; 0: the default (64 KB)
  int recbuf = 0;                  // 0: the OS default
  int sndbuf = 0;
  std::size_t high_watermark = 8192;
  std::size_t low_watermark = 4096;
  int local_port = -1;
  int local_mode = -1;      // {local_mode, Mode}: chmod of a local listen socket, before listen()
  bool linger_on = false;  // {linger, {true, Seconds}}
  int linger_seconds = 0;  // {port, N}: the local port a connect binds to
};

// A socket address as Erlang spells it: {IP tuple, Port}.
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
};

class TcpPort final : public Port {
 public:
  TcpPort(IoService& io, int fd, int family, bool listening, const TcpOptions& options);
  ~TcpPort() override;

  std::string name() const override { return "tcp_inet"; }
  void sync_on_loop() override;
  void linked_exited(Word pid, Term reason) override;
  void close() override;
  void shutdown_on_loop() override;

  // --- operations for the BIFs (bif/inet.cpp) ---
  // Each runs on the caller's scheduler thread and returns a term on p's
  // heap: the result, or a reference when the result will come later as
  // {inet_reply, Ref, Result}.
  static Term listen(Process& p, const SocketAddress& address, const TcpOptions& options);
  static Term connect(Process& p, const SocketAddress& address, const SocketAddress* local,
                      const TcpOptions& options);
  Term accept(Process& p);
  Term recv(Process& p, std::size_t length);
  Term send(Process& p, std::string_view bytes);
  // Withdraw a waiting recv/accept/connect/send: true when it was still
  // waiting (no reply will come), false when its reply is on its way.
  bool cancel(RefId ref);
  Term shutdown(Process& p, bool read, bool write);
  // gen_tcp:close: ok, or a reference answered once the descriptor is
  // closed.
  Term close_and_wait(Process& p);
  Term controlling_process(Process& p, Word new_owner);
  Term setopts(Process& p, Term options);
  Term getopts(Process& p, Term names);
  Term address(Process& p, bool peer);
  // {ok, {OsPid, Uid, Gid}} of the process at the other end of a Unix
  // domain socket (SO_PEERCRED): the control socket refuses other users.
  Term peer_credentials(Process& p);
  // port_info(S, Item) values this port knows (connected, ...); the BIF
  // adds the generic ones.
  bool is_listening() const { return listening_; }
  // The options after `list` (an Erlang option list) is applied; false on
  // an unknown or malformed option. Shared with listen/connect.
  static bool parse_options(VM& vm, Term list, TcpOptions& options, SocketAddress* local, int* family);

 private:
  struct Waiter {
    RefId ref;
    Word pid = 0;
    std::size_t length = 0;  // recv: bytes asked for (raw mode), 0: any
    std::string data;        // send: the bytes to queue once the queue drains
  };

  // All private members below run with mutex_ held.
  bool wants_read() const;
  bool wants_write() const;
  // One recv of up to `limit` bytes (at most scratch_size) appended to
  // in_: bytes read, 0 when there was nothing, -1 at end of stream or on an
  // error (eof_ / error_ set).
  std::ptrdiff_t read_socket(std::size_t limit, char* scratch, std::size_t scratch_size);
  // The next packet in in_ for a recv of `length` (raw mode), consuming
  // it; Status Need when there is not enough yet.
  io::PacketSpan take_span(std::size_t length) const;
  std::string_view span_data(const io::PacketSpan& span) const;
  void consume(const io::PacketSpan& span);
  // Hand buffered data to waiting recvs / the active owner, and report
  // end of stream. Called after every read and on setopts(active).
  void dispatch();
  void reply(const Waiter& w, Term atom_result);                       // {inet_reply, Ref, ok | Atom}
  void reply_error(const Waiter& w, Term reason);                      // {inet_reply, Ref, {error, Reason}}
  void reply_data(const Waiter& w, std::string_view data);             // {inet_reply, Ref, {ok, Data}}
  void reply_socket(const Waiter& w, Term socket);                     // {inet_reply, Ref, {ok, Socket}}
  void send_owner_data(std::string_view data);                         // {tcp, S, Data}
  void send_owner(Term tag);                                           // {Tag, S}
  void send_owner_error(Term reason);                                  // {tcp_error, S, Reason}
  void fail_waiters(Term reason);
  void connection_over(bool passive, bool always = false);
  void descriptor_closed();  // the fd is closed: answer close_and_wait
  Term make_data(Process& p, std::string_view data) const;
  Word data_words(std::size_t n) const;
  Term write_data(Signal* s, Word*& hp, std::string_view data) const;
  Term error_reason(int err) const;  // errno -> the atom OTP returns
  void queue_output(std::string_view bytes);
  // Loop thread: write queued output; replies to senders below the low
  // watermark.
  void flush_output();
  void accept_pending();  // loop thread, listening socket
  void finish_connect();  // loop thread
  void on_poll(int status, int events);
  void close_handles();  // loop thread
  Term new_reply_ref(Process& p, Waiter& w, std::size_t length);

  // Guarded by mutex_ (constant after construction: fd_, family_, listening_).
  int fd_;
  int family_;
  bool listening_;
  TcpOptions options_;
  bool connecting_ = false;
  bool closed_ = false;       // closed for Erlang (gen_tcp:close, owner died, exit_on_close)
  bool eof_ = false;          // the peer closed its side: no more input
  bool shut_enotconn_ = false;  // recv after shut_: enotconn (else closed)
  bool shut_ = false;         // the connection is over (exit_on_close after eof); the port stays until closed
  bool closed_reported_ = false;  // tcp_closed (active) was sent
  int error_ = 0;             // a read or write error (errno), 0: none
  bool write_failed_ = false; // output can no longer be written (dropped)
  bool shutdown_write_ = false;  // shutdown(write) asked; done once output is out
  bool shutdown_done_ = false;
  std::string in_;
  std::size_t in_start_ = 0;  // consumed prefix of in_
  // Vectors, not deques: an idle socket's empty containers allocate
  // nothing (a deque allocates its first block at once; 4 of them were
  // most of a socket's memory).
  std::vector<std::string> out_;
  std::size_t out_head_ = 0;    // out_[0..out_head_) are written
  std::size_t out_offset_ = 0;  // written prefix of out_[out_head_]
  std::size_t out_bytes_ = 0;
  std::vector<Waiter> recv_waiters_;
  std::vector<Waiter> accept_waiters_;
  std::vector<Waiter> send_waiters_;
  Waiter connect_waiter_;
  Waiter close_waiter_;

  // Loop thread only.
  // The poll's events are also read by the BIFs, under mutex_ (the loop
  // changes them under it too).
  PolledFd poll_;
  bool handles_closing_ = false;
  bool handles_closed_ = false;  // guarded: the descriptor is closed
  bool removed_ = false;         // guarded: port_closed was asked for
  bool poll_reading() const { return (poll_.events() & UV_READABLE) != 0; }
};

// Address helpers shared with UDP.
bool socket_address_from(Term ip, Term port, SocketAddress& out);
Term make_ip_tuple(Process& p, const sockaddr* sa);
Term make_address(Process& p, const sockaddr* sa);  // {IP, Port}
Term errno_atom(VM& vm, int err);

}  // namespace girder::vm

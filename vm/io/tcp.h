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
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "vm/io/packet.h"
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
  int recbuf = 0;                  // 0: the OS default
  int sndbuf = 0;
  std::size_t high_watermark = 8192;
  std::size_t low_watermark = 4096;
  int local_port = -1;  // {port, N}: the local port a connect binds to
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
  Term controlling_process(Process& p, Word new_owner);
  Term setopts(Process& p, Term options);
  Term getopts(Process& p, Term names);
  Term address(Process& p, bool peer);
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
  };

  // All private members below run with mutex_ held.
  bool wants_read() const;
  bool wants_write() const;
  // Read what the socket has (up to `limit` bytes) into in_; returns false
  // on end of stream or error (eof_ / error_ set).
  bool read_socket(std::size_t limit);
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
  bool closed_reported_ = false;  // tcp_closed (active) was sent
  int error_ = 0;             // a read or write error (errno), 0: none
  bool write_failed_ = false; // output can no longer be written (dropped)
  bool shutdown_write_ = false;  // shutdown(write) asked; done once output is out
  bool shutdown_done_ = false;
  std::string in_;
  std::size_t in_start_ = 0;  // consumed prefix of in_
  std::deque<std::string> out_;
  std::size_t out_offset_ = 0;  // written prefix of out_.front()
  std::size_t out_bytes_ = 0;
  std::deque<Waiter> recv_waiters_;
  std::deque<Waiter> accept_waiters_;
  std::deque<Waiter> send_waiters_;
  Waiter connect_waiter_;

  // Loop thread only.
  uv_poll_t poll_{};
  bool poll_open_ = false;
  bool handles_closing_ = false;
  int poll_events_ = 0;
};

// Address helpers shared with UDP.
bool socket_address_from(Term ip, Term port, SocketAddress& out);
Term make_ip_tuple(Process& p, const sockaddr* sa);
Term make_address(Process& p, const sockaddr* sa);  // {IP, Port}
Term errno_atom(VM& vm, int err);

}  // namespace girder::vm

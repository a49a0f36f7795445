// OS processes as ports (open_port/2 with {spawn, Command} or
// {spawn_executable, File}): an ExecPort is one child process with a pipe
// to its stdin and one from its stdout, the framing of what it writes and
// the links of an OTP port.
//
// Threads and handles (docs/internals/io.md, "OS processes"):
// * The child is started by uv_spawn on the loop thread; open_port waits
//   for that one step (a fork and exec, no I/O), so it can raise enoent or
//   eacces as OTP does and port_info can give the os_pid at once.
// * The pipes are ours (pipe2), not libuv streams: the parent ends are
//   non-blocking and polled (uv_poll_t) like sockets, so port_command
//   writes from the caller's scheduler when nothing is queued, and the loop
//   reads and delivers {Port, {data, ...}} to the connected process.
// * A port closed for Erlang (port_close, {Pid, close}, end of output, its
//   owner's death) leaves the port table at once; its handles may live on
//   (output still to write, a child still running: the child is not killed,
//   it sees end of file on its stdin), so the loop holds the object
//   (IoService::hold) from the spawn until every handle is closed, and
//   reaps the child when it exits.
//
// Links, as OTP's ports: the port is linked to the process that opened it
// and to any process that called link/1 or port_connect/2 on it. When the
// port closes it sends {'EXIT', Port, Reason} to every link (normal, or
// epipe, ebadf, or the reason its owner died of); an exit signal other
// than normal from a linked process, or any from its connected process,
// closes it. A malformed `Port ! Msg`, or one naming a process other than
// the connected one, sends exit(Owner, badsig) and the port carries on.
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vm/io/poll.h"
#include "vm/io/port.h"
#include "vm/proc/process.h"

namespace girder::vm {

struct ExecOptions {
  enum class Framing : std::uint8_t { Stream, Line, Packet };
  Framing framing = Framing::Stream;
  std::size_t line_length = 0;   // Line: {line, N}
  std::size_t packet_bytes = 0;  // Packet: {packet, 1 | 2 | 4}
  bool binary = false;
  bool exit_status = false;  // send {Port, {exit_status, N}} before closing
  bool eof = false;          // at end of output send {Port, eof} and stay open
  bool in = true;            // read the child's stdout
  bool out = true;           // write the child's stdin
  bool stderr_to_stdout = false;
  bool use_stdio = true;  // false: fds 3 (its input) and 4 (its output)
};

// What to run.
struct ExecCommand {
  std::string file;               // the program (run as is: no PATH search)
  std::vector<std::string> argv;  // argv[0] first
  std::string cd;                 // working directory; empty: the VM's
  bool env_given = false;         // env is the child's whole environment
  std::vector<std::string> env;   // NAME=VALUE
  std::string name;               // port_info(P, name)
};

class ExecPort final : public Port {
 public:
  ExecPort(IoService& io, const ExecOptions& options, std::string name);
  ~ExecPort() override;

  std::string name() const override { return name_; }
  void sync_on_loop() override;
  void linked_exited(Word pid, Term reason) override;
  // port_close/1: closed at once; links get {'EXIT', P, normal}; output
  // already queued is still written before the child's stdin closes.
  void close() override;
  void shutdown_on_loop() override;
  void link(Word pid) override;
  void unlink(Word pid) override;
  void message(Process& sender, Term message) override;
  std::vector<Word> linked_pids() const override;
  long os_pid() const override { return os_pid_; }

  // open_port/2: the port term, or kNonValue after p.fail (error:Errno
  // when the program cannot be started: enoent, eacces, ...).
  static Term open(Process& p, const ExecCommand& command, const ExecOptions& options);
  // port_command/2,3. Busy when more than kBusyBytes wait to be written
  // (a child that does not read its stdin): the data is not taken, and
  // unless `nosuspend` the caller is told {port_ready, Port} once the
  // queue drains below kReadyBytes or the port closes (OTP's busy port:
  // the caller waits, so the queue stays bounded). caller 0 (`Port !
  // {Pid, {command, Data}}`, which cannot suspend its sender) always takes.
  enum class CommandResult { Taken, Closed, Busy };
  CommandResult command(std::string_view bytes, bool nosuspend, Word caller);
  static constexpr std::size_t kBusyBytes = 64 * 1024;
  static constexpr std::size_t kReadyBytes = 16 * 1024;
  // port_connect/2: `new_owner` becomes the connected process and is
  // linked to the port. False when the port is closed or the process gone.
  bool connect(Process& p, Word new_owner);

 private:
  // All private members below run with mutex_ held.
  void deliver_input(const char* data, std::size_t n);
  void send_data(std::string_view data);               // {Port, {data, D}}
  void send_line(bool eol, std::string_view line);     // {Port, {data, {eol|noeol, L}}}
  void send_exit_status();                             // {Port, {exit_status, N}}
  void send_to(Word pid, Term atom);                   // {Port, Atom}
  void send_exit(Word pid, SignalKind kind, Term reason);  // {'EXIT', Port, Reason}
  void flush_line_tail();  // a last line without newline, as {noeol, L}
  // The child has finished writing (and exited, with exit_status): report
  // it and close, as OTP orders it.
  void finish_if_done();
  // Closed for Erlang: exit signals to the links (but `except`), out of
  // the table; the loop closes the handles once output is written.
  void terminate(Term reason, Word except);
  // Write queued output; false when the child's stdin is gone (epipe).
  bool write_queued();
  // Tell every caller waiting on a busy port to try again (mutex held).
  void release_busy_waiters();
  Word data_words(std::size_t n) const;
  Term write_data(Signal* s, Word*& hp, std::string_view data) const;

  // Loop thread.
  int spawn_on_loop(uv_loop_t* loop, const ExecCommand& command, int child_stdin, int child_stdout);
  void on_readable();
  void on_writable();
  void on_exit(std::int64_t status, int signal);
  void close_handles();   // mutex_ held
  void handle_closed();   // a handle's close callback

  // Guarded by mutex_ (constant after construction: options_, name_).
  ExecOptions options_;
  std::string name_;
  int in_fd_ = -1;   // the child's output, read here (non-blocking)
  int out_fd_ = -1;  // the child's input, written here (non-blocking)
  long os_pid_ = 0;  // set before the port is published, then constant
  std::vector<Word> links_;  // pid indexes
  bool registered_ = false;  // in the table, with its owner: may deliver
  bool closed_ = false;      // closed for Erlang
  bool in_eof_ = false;      // the child's output ended
  bool exited_ = false;
  int exit_code_ = 0;        // exit status, or 128 + signal
  bool status_sent_ = false;
  bool eof_sent_ = false;
  bool write_failed_ = false;  // the child's stdin is gone: output dropped
  std::string in_;             // line/packet framing: bytes not delivered yet
  std::vector<Word> busy_waiters_;  // callers told {port_ready, Port} when not busy
  std::string out_;            // queued output
  std::size_t out_start_ = 0;  // written prefix of out_

  // Loop thread only.
  PolledFd in_poll_;
  PolledFd out_poll_;
  uv_process_t process_{};
  bool process_open_ = false;
  int handles_open_ = 0;
  bool handles_closing_ = false;  // close_handles ran: release when none open
};

namespace io {

// {line, N} framing of a port's input (OTP's): the next piece of data[0..n).
// A line ends at "\n" (a "\r" before it is dropped too); one whose content
// is longer than `max` comes in pieces of `max` bytes marked noeol, and so
// does what is left at end of input (`at_eof`). Need: wait for more.
struct LineSpan {
  enum Status : std::uint8_t { Need, Eol, Noeol } status = Need;
  std::size_t length = 0;    // bytes of content delivered
  std::size_t consumed = 0;  // bytes it takes off the input
};
LineSpan next_line(const char* data, std::size_t n, std::size_t max, bool at_eof);

}  // namespace io

}  // namespace girder::vm

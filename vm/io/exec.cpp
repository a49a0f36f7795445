#include "vm/io/exec.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>

#include "vm/bif/bif.h"  // iodata_bytes
#include "vm/io/message.h"
#include "vm/io/packet.h"
#include "vm/io/service.h"
#include "vm/io/tcp.h"  // errno_atom
#include "vm/proc/mailbox.h"
#include "vm/proc/signals.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// One read takes at most this much; the loop reads at most kReadBudget
// from one port per readiness event, so a chatty child cannot hold the
// loop thread from the other ports.
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kReadBudget = 256 * 1024;

void set_nonblocking(int fd) {
  if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// write(2) that cannot raise SIGPIPE when the child has closed its stdin.
// OTP ignores SIGPIPE for the whole OS process; an embedded VM must not
// change its host's signal dispositions, so the signal is blocked in this
// thread for the write, and one the write raised is taken off the thread
// before unblocking. Returns write's result, errno set.
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t n) {
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  sigset_t pending;
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  ssize_t r;
  do {
    r = ::write(fd, data, n);
  } while (r < 0 && errno == EINTR);
  int err = errno;
  if (r < 0 && err == EPIPE && !was_pending) {
    timespec zero{};
    sigtimedwait(&pipe_set, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = err;
  return r;
}

uv_stdio_container_t inherit_fd(int fd) {
  uv_stdio_container_t c{};
  c.flags = UV_INHERIT_FD;
  c.data.fd = fd;
  return c;
}

uv_stdio_container_t ignored() {
  uv_stdio_container_t c{};
  c.flags = UV_IGNORE;  // /dev/null
  return c;
}

io::PacketType packet_type(std::size_t bytes) {
  return bytes == 1 ? io::PacketType::One : bytes == 2 ? io::PacketType::Two : io::PacketType::Four;
}

}  // namespace

namespace io {

LineSpan next_line(const char* data, std::size_t n, std::size_t max, bool at_eof) {
  LineSpan s;
  if (const void* nl = std::memchr(data, '\n', n)) {
    std::size_t k = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
    std::size_t content = k > 0 && data[k - 1] == '\r' ? k - 1 : k;
    if (content <= max) return {LineSpan::Eol, content, k + 1};
    return {LineSpan::Noeol, max, max};
  }
  if (n > max) {
    // A "\r" just past the limit may be the start of "\r\n": wait for it.
    if (n == max + 1 && data[max] == '\r' && !at_eof) return s;
    return {LineSpan::Noeol, max, max};
  }
  if (at_eof && n > 0) return {LineSpan::Noeol, n, n};
  return s;
}

}  // namespace io

// --- construction and start ---------------------------------------------------

ExecPort::ExecPort(IoService& io, const ExecOptions& options, std::string name)
    : Port(io, Kind::Exec), options_(options), name_(std::move(name)) {}

ExecPort::~ExecPort() {
  // The loop closes the descriptors (close_handles); these are left only
  // when the port never reached it.
  if (in_fd_ >= 0) ::close(in_fd_);
  if (out_fd_ >= 0) ::close(out_fd_);
}

Term ExecPort::open(Process& p, const ExecCommand& command, const ExecOptions& options) {
  VM& vm = p.vm();
  IoService& io = vm.io();
  int from_child[2] = {-1, -1};  // [0] read here, [1] the child's stdout
  int to_child[2] = {-1, -1};    // [0] the child's stdin, [1] written here
  // O_CLOEXEC: no other child may hold our ends, or this one would never
  // see end of file on its stdin.
  if ((options.in && ::pipe2(from_child, O_CLOEXEC) != 0) || (options.out && ::pipe2(to_child, O_CLOEXEC) != 0)) {
    int err = errno;
    for (int fd : {from_child[0], from_child[1], to_child[0], to_child[1]}) {
      if (fd >= 0) ::close(fd);
    }
    return p.fail(atoms::error, errno_atom(vm, err));
  }
  set_nonblocking(from_child[0]);
  set_nonblocking(to_child[1]);
  auto port = std::make_shared<ExecPort>(io, options, command.name);
  {
    std::lock_guard lock(port->mutex_);
    port->in_fd_ = from_child[0];
    port->out_fd_ = to_child[1];
    port->links_.push_back(p.id());
  }
  // uv_spawn runs on the loop thread (libuv handles live there); this waits
  // for that one step. `command` and the fds outlive the wait; the promise
  // is shared so the loop may still be inside set_value when we go on.
  auto started = std::make_shared<std::promise<int>>();
  std::future<int> result = started->get_future();
  int child_stdin = to_child[0], child_stdout = from_child[1];
  io.post([port, started, &command, child_stdin, child_stdout](uv_loop_t* loop) {
    started->set_value(port->spawn_on_loop(loop, command, child_stdin, child_stdout));
  });
  int rc = result.get();
  // The child has its own copies now (or will never run).
  if (to_child[0] >= 0) ::close(to_child[0]);
  if (from_child[1] >= 0) ::close(from_child[1]);
  if (rc != 0) return p.fail(atoms::error, errno_atom(vm, -rc));  // the loop closes the port
  Term t = io.open_port(p, port);
  {
    std::lock_guard lock(port->mutex_);
    port->registered_ = true;
  }
  io.sync(port);
  return t;
}

int ExecPort::spawn_on_loop(uv_loop_t* loop, const ExecCommand& c, int child_stdin, int child_stdout) {
  std::vector<char*> argv;
  for (const std::string& a : c.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& e : c.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  uv_stdio_container_t stdio[5];
  int count = 3;
  uv_stdio_container_t input = child_stdin >= 0 ? inherit_fd(child_stdin) : ignored();
  // Without `in` the child writes where the VM does (OTP).
  uv_stdio_container_t output = child_stdout >= 0 ? inherit_fd(child_stdout) : inherit_fd(1);
  uv_stdio_container_t error =
      options_.stderr_to_stdout && child_stdout >= 0 ? inherit_fd(child_stdout) : inherit_fd(2);
  if (options_.use_stdio) {
    stdio[0] = input;
    stdio[1] = output;
    stdio[2] = error;
  } else {
    stdio[0] = ignored();
    stdio[1] = inherit_fd(1);
    stdio[2] = error;
    stdio[3] = input;
    stdio[4] = child_stdout >= 0 ? inherit_fd(child_stdout) : ignored();
    count = 5;
  }
  uv_process_options_t o{};
  o.exit_cb = [](uv_process_t* h, std::int64_t status, int signal) {
    static_cast<ExecPort*>(h->data)->on_exit(status, signal);
  };
  o.file = c.file.c_str();
  o.args = argv.data();
  o.env = c.env_given ? envp.data() : nullptr;
  o.cwd = c.cd.empty() ? nullptr : c.cd.c_str();
  o.stdio_count = count;
  o.stdio = stdio;
  process_.data = this;
  int rc = uv_spawn(loop, &process_, &o);
  process_.data = this;
  // Initialised even when the spawn failed (libuv): it must be closed.
  process_open_ = true;
  ++handles_open_;
  io_.hold(shared_from_this());
  std::lock_guard lock(mutex_);
  if (rc != 0) {
    closed_ = true;
    uv_close(reinterpret_cast<uv_handle_t*>(&process_),
             [](uv_handle_t* h) { static_cast<ExecPort*>(h->data)->handle_closed(); });
    close_handles();
    return rc;
  }
  os_pid_ = process_.pid;
  return 0;
}

// --- the loop's side ---------------------------------------------------------------

void ExecPort::sync_on_loop() {
  std::unique_lock lock(mutex_);
  if (handles_closing_) return;
  if (registered_ && !closed_) finish_if_done();
  if (closed_ && (write_failed_ || out_start_ == out_.size() || out_fd_ < 0)) {
    close_handles();
    return;
  }
  int in_events = registered_ && !closed_ && !in_eof_ && in_fd_ >= 0 ? UV_READABLE : 0;
  int out_events = out_start_ < out_.size() && !write_failed_ && out_fd_ >= 0 ? UV_WRITABLE : 0;
  auto update = [&](PolledFd& poll, int fd, int wanted, uv_poll_cb cb) {
    if (fd < 0 || (!poll.open() && wanted == 0)) return;  // a handle only once there is something to wait for
    bool was_open = poll.open();
    if (!poll.want(io_.loop(), fd, false, wanted, this, cb)) return;  // not pollable: never happens for a pipe
    if (!was_open) ++handles_open_;
  };
  update(in_poll_, in_fd_, in_events,
         [](uv_poll_t* h, int, int) { static_cast<ExecPort*>(h->data)->on_readable(); });
  update(out_poll_, out_fd_, out_events,
         [](uv_poll_t* h, int, int) { static_cast<ExecPort*>(h->data)->on_writable(); });
}

void ExecPort::on_readable() {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || in_fd_ < 0) return;
    char buf[kReadChunk];
    std::size_t budget = kReadBudget;
    while (!closed_) {
      ssize_t n = ::read(in_fd_, buf, sizeof buf);
      if (n > 0) {
        bytes_in += static_cast<std::uint64_t>(n);
        deliver_input(buf, static_cast<std::size_t>(n));
        if (static_cast<std::size_t>(n) >= budget) break;
        budget -= static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      // End of the child's output (or a read error, which ends it too).
      in_eof_ = true;
      finish_if_done();
      break;
    }
  }
  sync_on_loop();
}

void ExecPort::on_writable() {
  {
    std::lock_guard lock(mutex_);
    if (!write_failed_ && !write_queued()) {
      write_failed_ = true;
      terminate(atoms::epipe, 0);
    }
    if (out_.size() - out_start_ <= kReadyBytes) release_busy_waiters();
  }
  sync_on_loop();
}

void ExecPort::on_exit(std::int64_t status, int signal) {
  {
    std::lock_guard lock(mutex_);
    exited_ = true;
    exit_code_ = signal != 0 ? 128 + signal : static_cast<int>(status);
    finish_if_done();
  }
  // Reaped: the process handle has nothing left to do.
  uv_close(reinterpret_cast<uv_handle_t*>(&process_),
           [](uv_handle_t* h) { static_cast<ExecPort*>(h->data)->handle_closed(); });
  sync_on_loop();
}

void ExecPort::close_handles() {
  handles_closing_ = true;
  auto close_poll = [&](PolledFd& poll, int& fd) {
    // Stopping the poll takes the fd out of epoll, so it may close now.
    poll.close([](uv_handle_t* h) { static_cast<ExecPort*>(h->data)->handle_closed(); });
    if (fd >= 0) ::close(fd);  // the child's stdin sees end of file
    fd = -1;
  };
  close_poll(in_poll_, in_fd_);
  close_poll(out_poll_, out_fd_);
  if (handles_open_ == 0) {
    IoService& io = io_;
    const Port* self = this;
    io.post([&io, self](uv_loop_t*) { io.release(self); });
  }
}

void ExecPort::handle_closed() {
  std::lock_guard lock(mutex_);
  --handles_open_;
  if (handles_open_ == 0 && handles_closing_) {
    // The loop's reference may be the last: let go of it after this
    // callback, not inside it.
    IoService& io = io_;
    const Port* self = this;
    io.post([&io, self](uv_loop_t*) { io.release(self); });
  }
}

void ExecPort::shutdown_on_loop() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  write_failed_ = true;
  // The child is left running (it sees end of file on its stdin), as when
  // OTP halts.
  if (process_open_ && !uv_is_closing(reinterpret_cast<uv_handle_t*>(&process_))) {
    uv_close(reinterpret_cast<uv_handle_t*>(&process_),
             [](uv_handle_t* h) { static_cast<ExecPort*>(h->data)->handle_closed(); });
  }
  if (!handles_closing_) close_handles();
}

// --- input ----------------------------------------------------------------------

Word ExecPort::data_words(std::size_t n) const {
  return options_.binary ? msg::binary_words(n) : msg::byte_list_words(n);
}

Term ExecPort::write_data(Signal* s, Word*& hp, std::string_view data) const {
  return options_.binary ? msg::write_binary(s, hp, data) : msg::write_byte_list(hp, data);
}

void ExecPort::send_data(std::string_view data) {
  if (owner_ == 0) return;
  Signal* s = msg::new_message(term(), 2 * msg::tuple_words(2) + data_words(data.size()));
  Word* hp = s->payload();
  Term d = write_data(s, hp, data);
  Term inner = msg::write_tuple(hp, {atoms::data, d});
  s->message = msg::write_tuple(hp, {term(), inner});
  io_.deliver(owner_, s);
}

void ExecPort::send_line(bool eol, std::string_view line) {
  if (owner_ == 0) return;
  Signal* s = msg::new_message(term(), 3 * msg::tuple_words(2) + data_words(line.size()));
  Word* hp = s->payload();
  Term d = write_data(s, hp, line);
  Term tagged = msg::write_tuple(hp, {eol ? atoms::eol : atoms::noeol, d});
  Term inner = msg::write_tuple(hp, {atoms::data, tagged});
  s->message = msg::write_tuple(hp, {term(), inner});
  io_.deliver(owner_, s);
}

void ExecPort::send_exit_status() {
  status_sent_ = true;
  if (owner_ == 0) return;
  Signal* s = msg::new_message(term(), 2 * msg::tuple_words(2));
  Word* hp = s->payload();
  Term inner = msg::write_tuple(hp, {atoms::exit_status, Term::small(exit_code_)});
  s->message = msg::write_tuple(hp, {term(), inner});
  io_.deliver(owner_, s);
}

void ExecPort::send_to(Word pid, Term atom) {
  if (pid == 0) return;
  Signal* s = msg::new_message(term(), msg::tuple_words(2));
  Word* hp = s->payload();
  s->message = msg::write_tuple(hp, {term(), atom});
  io_.deliver(pid, s);
}

void ExecPort::send_exit(Word pid, SignalKind kind, Term reason) {
  if (pid == 0) return;
  Signal* s = new_signal(kind, term(), msg::copy_words(reason) + msg::tuple_words(3));
  Word* hp = s->payload();
  s->reason() = msg::write_copy(s, hp, reason);
  s->message = msg::write_tuple(hp, {atoms::EXIT, term(), s->reason()});
  io_.deliver(pid, s);
}

void ExecPort::deliver_input(const char* data, std::size_t n) {
  switch (options_.framing) {
    case ExecOptions::Framing::Stream:
      send_data(std::string_view(data, n));
      return;
    case ExecOptions::Framing::Line: {
      in_.append(data, n);
      std::size_t pos = 0;
      for (;;) {
        io::LineSpan span = io::next_line(in_.data() + pos, in_.size() - pos, options_.line_length, false);
        if (span.status == io::LineSpan::Need) break;
        send_line(span.status == io::LineSpan::Eol, std::string_view(in_).substr(pos, span.length));
        pos += span.consumed;
      }
      in_.erase(0, pos);
      return;
    }
    case ExecOptions::Framing::Packet: {
      in_.append(data, n);
      std::size_t pos = 0;
      for (;;) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(in_.data()) + pos;
        io::PacketSpan span = io::next_packet(packet_type(options_.packet_bytes), bytes, in_.size() - pos, 0, 0);
        if (span.status != io::PacketSpan::Ready) break;
        send_data(std::string_view(in_).substr(pos + span.header, span.body));
        pos += span.total();
      }
      in_.erase(0, pos);
      return;
    }
  }
}

void ExecPort::flush_line_tail() {
  if (options_.framing != ExecOptions::Framing::Line) return;
  std::size_t pos = 0;
  while (pos < in_.size()) {
    io::LineSpan span = io::next_line(in_.data() + pos, in_.size() - pos, options_.line_length, true);
    send_line(span.status == io::LineSpan::Eol, std::string_view(in_).substr(pos, span.length));
    pos += span.consumed;
  }
  in_.clear();
}

void ExecPort::finish_if_done() {
  if (closed_ || !registered_) return;
  if (options_.eof) {
    // {eof}: the port stays open until closed. The exit status goes out
    // when the child exits, before the eof if the child exits by then (at
    // end of output with exit_status, eof waits for the exit: OTP's order).
    if (options_.exit_status && exited_ && !status_sent_) send_exit_status();
    if (in_eof_ && !eof_sent_ && (!options_.exit_status || exited_)) {
      eof_sent_ = true;
      flush_line_tail();
      send_to(owner_, atoms::eof);
    }
    return;
  }
  // Without `in` there is no end of output to see: the port stays open.
  if (!in_eof_) return;
  if (options_.exit_status) {
    if (!exited_) return;
    send_exit_status();
  }
  // OTP 25 delivers a last line without newline after the exit status.
  flush_line_tail();
  terminate(atoms::normal, 0);
}

// --- output ---------------------------------------------------------------------

bool ExecPort::write_queued() {
  while (out_start_ < out_.size()) {
    ssize_t n = write_no_sigpipe(out_fd_, out_.data() + out_start_, out_.size() - out_start_);
    if (n > 0) {
      out_start_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;  // EPIPE: the child closed its stdin (or is gone)
  }
  out_.clear();
  out_start_ = 0;
  return true;
}

void ExecPort::release_busy_waiters() {
  if (busy_waiters_.empty()) return;
  Term ready = io_.vm().atoms().intern("port_ready");
  for (Word pid : busy_waiters_) {
    Signal* s = msg::new_message(term(), msg::tuple_words(2));
    Word* hp = s->payload();
    s->message = msg::write_tuple(hp, {ready, term()});
    io_.deliver(pid, s);
  }
  busy_waiters_.clear();
}

ExecPort::CommandResult ExecPort::command(std::string_view bytes, bool nosuspend, Word caller) {
  std::unique_lock lock(mutex_);
  if (closed_) return CommandResult::Closed;
  if (!options_.out || out_fd_ < 0) {
    // OTP: the port takes the data, then exits for want of a stdin.
    terminate(atoms::ebadf, 0);
    return CommandResult::Taken;
  }
  if (write_failed_) return CommandResult::Taken;
  if (caller != 0 && out_.size() - out_start_ > kBusyBytes) {
    if (!nosuspend) busy_waiters_.push_back(caller);
    return CommandResult::Busy;
  }
  bool was_empty = out_start_ == out_.size();
  if (options_.framing == ExecOptions::Framing::Packet) {
    std::size_t h = options_.packet_bytes;
    for (std::size_t i = h; i-- > 0;) out_.push_back(static_cast<char>((bytes.size() >> (8 * i)) & 255));
  }
  out_.append(bytes);
  bytes_out += bytes.size();
  if (!was_empty) return CommandResult::Taken;
  // Nothing queued: write from here (no thread hop); the loop takes what
  // the pipe cannot hold now.
  if (!write_queued()) {
    write_failed_ = true;
    terminate(atoms::epipe, 0);
    return CommandResult::Taken;
  }
  bool left = out_start_ < out_.size();
  lock.unlock();
  if (left) io_.sync(shared_from_this());
  return CommandResult::Taken;
}

// --- closing, links, the port protocol --------------------------------------

void ExecPort::terminate(Term reason, Word except) {
  if (closed_) return;
  closed_ = true;
  for (Word pid : links_) {
    if (pid != except) send_exit(pid, SignalKind::LinkExit, reason);
  }
  links_.clear();
  owner_ = 0;
  in_.clear();
  release_busy_waiters();  // their retry finds the port closed (badarg)
  // Gone for Erlang at once (port_info says undefined, ports() leaves it
  // out); the loop's hold keeps the object while its handles close.
  io_.port_closed(index_);
  io_.sync(shared_from_this());
}

void ExecPort::close() {
  std::lock_guard lock(mutex_);
  terminate(atoms::normal, 0);
}

void ExecPort::linked_exited(Word pid, Term reason) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  auto it = std::find(links_.begin(), links_.end(), pid);
  if (it == links_.end()) return;
  links_.erase(it);
  // Its connected process's exit closes a port; another link's only when
  // abnormal (a port does not trap exits).
  if (pid == owner_ || reason != atoms::normal) terminate(reason, pid);
}

void ExecPort::link(Word pid) {
  std::lock_guard lock(mutex_);
  if (!closed_ && std::find(links_.begin(), links_.end(), pid) == links_.end()) links_.push_back(pid);
}

void ExecPort::unlink(Word pid) {
  std::lock_guard lock(mutex_);
  std::erase(links_, pid);
}

std::vector<Word> ExecPort::linked_pids() const { return links_; }

bool ExecPort::connect(Process& p, Word new_owner) {
  Word old;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    old = owner_;
    owner_ = new_owner;
    if (std::find(links_.begin(), links_.end(), new_owner) == links_.end()) links_.push_back(new_owner);
  }
  // The process's side of the link; if it is gone, so is the connection.
  Signal* link = new_signal(SignalKind::Link, term(), 0);
  if (post_signal(p.vm(), new_owner, link, p.worker())) return true;
  free_signal(link);
  std::lock_guard lock(mutex_);
  if (!closed_ && owner_ == new_owner) owner_ = old;
  std::erase(links_, new_owner);
  return false;
}

void ExecPort::message(Process&, Term m) {
  enum class Op { Bad, Command, Close, Connect } op = Op::Bad;
  std::string bytes;
  Word new_owner = 0;
  bool shaped = m.is_tuple() && m.tuple_arity() == 2 && m.element(0).is_pid();
  if (shaped) {
    Term body = m.element(1);
    if (body == atoms::close) {
      op = Op::Close;
    } else if (body.is_tuple() && body.tuple_arity() == 2) {
      if (body.element(0) == atoms::command && iodata_bytes(body.element(1), bytes)) {
        op = Op::Command;
      } else if (body.element(0) == atoms::connect && body.element(1).is_pid()) {
        op = Op::Connect;
        new_owner = body.element(1).pid_index();
      }
    }
  }
  std::unique_lock lock(mutex_);
  if (closed_) return;
  if (op == Op::Bad || m.element(0).pid_index() != owner_) {
    // The port carries on; its connected process hears of the bad message.
    send_exit(owner_, SignalKind::Exit, atoms::badsig);
    return;
  }
  switch (op) {
    case Op::Command:
      lock.unlock();
      // A message cannot suspend its sender here: the data is always
      // taken (only port_command/2,3 waits on a busy port).
      command(bytes, false, 0);
      return;
    case Op::Close: {
      Word to = owner_;
      terminate(atoms::normal, 0);  // {'EXIT', Port, normal} first, then {Port, closed} (OTP's order)
      send_to(to, atoms::closed);
      return;
    }
    case Op::Connect: {
      // Unlike port_connect/2 the new owner is not linked (OTP).
      Word old = owner_;
      owner_ = new_owner;
      send_to(old, atoms::connected);
      return;
    }
    case Op::Bad:
      return;
  }
}

}  // namespace girder::vm

// One descriptor's readiness on the loop: a uv_poll_t kept in line with the
// events its port wants now. TCP and UDP sockets and the pipes of OS
// processes all poll this way (their reads and writes are plain
// non-blocking syscalls), so the start/change/stop bookkeeping lives here
// once. Loop thread only (the owner may read events() under its own lock).
#pragma once

#include <uv.h>

namespace girder::vm {

class PolledFd {
 public:
  // Poll `fd` for `events` (UV_READABLE | UV_WRITABLE; 0 stops), creating
  // the handle on first use with `owner` as its data. False only when the
  // descriptor cannot be polled at all.
  bool want(uv_loop_t* loop, int fd, bool socket, int events, void* owner, uv_poll_cb cb) {
    if (!open_) {
      int rc = socket ? uv_poll_init_socket(loop, &handle_, fd) : uv_poll_init(loop, &handle_, fd);
      if (rc != 0) return false;
      handle_.data = owner;
      open_ = true;
    }
    if (events == events_) return true;
    events_ = events;
    if (events == 0) {
      uv_poll_stop(&handle_);
    } else {
      uv_poll_start(&handle_, events, cb);
    }
    return true;
  }
  // After a POLLERR libuv has stopped the handle: the next want() starts it.
  void lost() { events_ = 0; }
  // Stop and close the handle (its fd may be closed at once: stopping takes
  // it out of epoll); `cb` runs when libuv is done with it. False when it
  // was never created (no callback will come).
  bool close(uv_close_cb cb) {
    if (!open_) return false;
    uv_poll_stop(&handle_);
    uv_close(reinterpret_cast<uv_handle_t*>(&handle_), cb);
    open_ = false;
    events_ = 0;
    return true;
  }
  bool open() const { return open_; }
  int events() const { return events_; }

 private:
  uv_poll_t handle_{};
  bool open_ = false;
  int events_ = 0;
};

}  // namespace girder::vm

// vm/io/ — I/O on libuv: the I/O service (one libuv loop on its own
// thread), the port table, and the kinds of port (TCP and UDP sockets, OS
// processes); open files and standard input (file.h: jobs of uv_fs_*
// requests on libuv's thread pool). Owns: everything a port or an open file
// is made of (file descriptors, libuv handles and requests, buffers,
// waiting requests, child processes). May call: term/, heap/ (to build
// messages), proc/ (to deliver them), bif/bif.h's iodata_bytes (`Port !
// {Pid, {command, IoData}}`). BIFs in bif/inet.cpp, bif/udp.cpp,
// bif/port.cpp and bif/file.cpp are its callers from Erlang, and
// send_message (proc/signals.cpp) for `Port ! Msg`.
//
// The design is in docs/internals/io.md. In short:
// * A port is a Term::port(index) immediate; the PortTable maps the index to
//   a Port object (shared_ptr: a BIF holds one while it works on a port, so
//   a port closed meanwhile is never freed under it).
// * Every libuv handle is touched on the loop thread only. BIFs change a
//   port's wanted state under its mutex and ask the loop to catch up
//   (IoService::sync); the loop applies it (uv_poll_start/stop, close).
// * Schedulers may do non-blocking syscalls on a port's fd themselves (a
//   send when nothing is queued, a recv when the loop is not reading, an
//   accept), under the port's mutex; the fd is closed only on the loop
//   thread, after the port is marked closed under the same mutex, so no
//   syscall can reach a closed (or reused) descriptor.
// * Completions travel as messages ({inet_reply, Ref, Result}, {tcp, S,
//   Data}, ...) through post_signal, the path timers use: a process waits
//   for I/O in an ordinary receive, so no scheduler ever blocks.
#pragma once

#include "vm/io/file.h"
#include "vm/io/port.h"
#include "vm/io/service.h"

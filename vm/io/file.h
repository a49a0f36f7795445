// Files and standard input on the I/O service (issue 11): file:open and
// friends as libuv fs requests, so no scheduler thread ever waits for a
// disk, a network file system or a terminal.
//
// Shape: a BIF (bif/file.cpp) checks its arguments, makes a job and posts
// it to the loop (IoService::post); it returns a reference at once. On the
// loop the job issues uv_fs_* calls one after another (open, fstat, read...,
// close), each finishing on libuv's thread pool and continuing in its
// callback on the loop thread; the last step sends {file_reply, Ref,
// Result} to the process, which waits for it in an ordinary receive
// (stdlib/file.erl). Every job counts as an IoService request while it is
// in flight, so a process waiting for a file is never taken for a deadlock.
//
// Open files (FileHandle) have an owner, the process that opened them:
// only it may use the handle (others get not_on_controlling_process, as
// OTP's raw files), and its exit closes the handle (process_exited, called
// by finish_process). Invariants:
// * The jobs of one handle run one at a time, in order, on the loop thread
//   (FileHandle::queue): the fd is closed by the last job, never under a
//   running one.
// * `mutex` guards a handle's position, read-ahead bytes and flags. A BIF
//   may serve a request itself (a read from the read-ahead bytes, a
//   position that needs no fstat, a delayed write) only when no job of the
//   handle is in flight; the owner waits for every answer, so that is the
//   usual case.
// * Handle ids are never reused; a closed handle leaves the table at once,
//   so a stale id finds nothing ({error, einval}, as OTP's closed files).
//
// Standard input: one read at a time, on the thread pool (poll(2) on fd 0
// and an eventfd, then read(2)), so a terminal, a pipe and a file all work
// and fd 0 keeps its blocking mode (libuv's pipe and tty handles would make
// it non-blocking, and with it a terminal's stdout). shutdown() signals the
// eventfd so a pending read ends and the loop can stop.
#pragma once

#include <uv.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "vm/proc/process.h"
#include "vm/term/term.h"

namespace girder::vm {

class VM;
class IoService;
class FileService;
class FsJob;
class HandleJob;

// What file:open asked for, in open(2) terms.
struct FileOpenMode {
  int flags = 0;               // O_RDONLY / O_WRONLY / O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_SYNC
  bool binary = false;         // reads give binaries (else lists of bytes)
  bool append = false;         // writes go to the end whatever the position
  std::size_t read_ahead = 0;  // bytes read beyond a request and kept (0: none)
  // delayed_write: writes are kept until this many bytes are (0: none),
  // then written in one go; any other request, the close and the owner's
  // exit write them first. (OTP's delay, a timer, is not kept: bytes wait
  // for one of those.)
  std::size_t delayed_size = 0;
};

// Where #file_info{} times go ({time, local | universal | posix}).
enum class FileTime : std::uint8_t { Local, Universal, Posix };

// An open file (a raw handle, and what a girder_file_io server holds).
class FileHandle {
 public:
  FileHandle(Word id, Word owner, uv_file fd, const FileOpenMode& mode)
      : id(id), owner(owner), fd(fd), mode(mode) {}

  const Word id;
  const Word owner;  // pid index
  const uv_file fd;
  const FileOpenMode mode;

  std::mutex mutex;
  // Guarded by mutex.
  bool closed = false;          // no more requests (file:close, owner exit)
  int in_flight = 0;            // jobs posted and not answered yet
  std::int64_t position = 0;    // where read/write/read_line go next
  std::string ahead;            // read-ahead: bytes of the file from ahead_pos
  std::int64_t ahead_pos = 0;
  // Not seekable (a FIFO, /dev/stdin): reads and writes go where the fd is
  // (offset -1) and bytes read past a line are kept in `ahead` whatever the
  // read_ahead option says (they cannot be read again). Found on the first
  // ESPIPE.
  bool stream = false;
  // delayed_write: bytes written and not yet given to the file system,
  // which go at pending_at (append mode: at the end); and the error of a
  // write of such bytes that nobody was waiting for, answered to the next
  // request (as OTP reports a delayed write's failure).
  std::string pending;
  std::int64_t pending_at = 0;
  ssize_t deferred_error = 0;

  // Loop thread only: the job running and those waiting their turn.
  bool running = false;
  std::deque<HandleJob*> queue;
};

// Single-call operations on a path (file:make_dir, file:rename...).
enum class PathOp : std::uint8_t {
  MakeDir,      // path
  DelDir,       // path
  Delete,       // path
  Rename,       // path -> path2
  ReadLink,     // path: {ok, Target}
  MakeSymlink,  // path2 -> path (link named path2 points at path)
  MakeLink,     // path2 -> path (a hard link)
  ChangeMode,   // path, a = mode
  ChangeOwner,  // path, a = uid, b = gid (-1: unchanged)
  ChangeTime,   // path, a = atime, b = mtime (seconds since the epoch)
};

class FileService {
 public:
  explicit FileService(VM& vm);
  ~FileService();  // closes what is still open (the loop has stopped by then)
  FileService(const FileService&) = delete;
  FileService& operator=(const FileService&) = delete;

  VM& vm() const { return vm_; }
  IoService& io() const;

  // --- requests from BIFs (any scheduler thread; `p` is the caller) ------
  // Each returns a reference now, on p's heap, and the result later as
  // {file_reply, Ref, Result}; or, where noted, the result itself when it
  // is known without touching the file system.

  // {ok, Id} | {error, Posix}; a directory opened for reading is eisdir.
  Term open(Process& p, std::string path, const FileOpenMode& mode);
  // {ok, Binary} | {error, Posix}
  Term read_file(Process& p, std::string path);
  // ok | {error, Posix}; flags as open(2) (O_WRONLY | O_CREAT | ...).
  Term write_file(Process& p, std::string path, std::string data, int flags);
  // {ok, #file_info{}} | {error, Posix}
  Term read_info(Process& p, std::string path, bool follow_links, FileTime time);
  // {ok, [Name]} | {error, Posix}; names that are not UTF-8 are binaries
  // when `all`, else the answer is {error, {no_translation, Name}}.
  Term list_dir(Process& p, std::string path, bool all);
  // ok | {ok, Target} (ReadLink) | {error, Posix}
  Term path_op(Process& p, PathOp op, std::string path, std::string path2 = {}, std::int64_t a = 0,
               std::int64_t b = 0);
  // chdir(2) on the thread pool: ok | {error, Posix}.
  Term set_cwd(Process& p, std::string path);

  // --- open files: the caller must own handle `id` -----------------------
  // The handle of `id` for `p`: nullptr with *early set to the answer
  // ({error, einval} for a closed or unknown handle, or kNonValue with
  // p's error set: not_on_controlling_process).
  std::shared_ptr<FileHandle> owned(Process& p, Word id, Term* early);
  // {ok, Data} | eof | {error, Posix}; served at once from read-ahead bytes.
  Term read(Process& p, const std::shared_ptr<FileHandle>& h, std::size_t n);
  // {ok, Line} | eof | {error, Posix}; "\r\n" ends a line as "\n".
  Term read_line(Process& p, const std::shared_ptr<FileHandle>& h);
  Term write(Process& p, const std::shared_ptr<FileHandle>& h, std::string data);
  // At positions; the handle's position does not move. `list`: the answer
  // is {ok, [Data | eof]} (pread) or ok | {error, {N, Posix}} (pwrite).
  Term pread(Process& p, const std::shared_ptr<FileHandle>& h,
             std::vector<std::pair<std::int64_t, std::size_t>> ranges, bool list);
  Term pwrite(Process& p, const std::shared_ptr<FileHandle>& h,
              std::vector<std::pair<std::int64_t, std::string>> chunks, bool list);
  // whence: SEEK_SET / SEEK_CUR / SEEK_END. {ok, Position} | {error, einval};
  // at once unless SEEK_END (which needs the file's size).
  Term position(Process& p, const std::shared_ptr<FileHandle>& h, int whence, std::int64_t offset);
  enum class HandleOp : std::uint8_t { Truncate, Sync, DataSync };
  Term handle_op(Process& p, const std::shared_ptr<FileHandle>& h, HandleOp op);
  // ok; the fd is closed after the jobs before it.
  Term close(Process& p, const std::shared_ptr<FileHandle>& h);

  // --- standard input ------------------------------------------------------
  // {ok, Binary} (up to 64 KB, what one read(2) gave) | eof | {error, Posix};
  // {error, ebusy} at once when a read is already waiting.
  Term read_stdin(Process& p);

  // --- lifecycle -----------------------------------------------------------
  // A process exited: close the handles it owned. Any thread.
  void process_exited(Word pid);
  // The VM is stopping (before IoService::shutdown): end a pending stdin read.
  void shutdown();

  // --- for jobs (loop thread) ---------------------------------------------
  // Post `job` (counted as an IoService request until it answers).
  void post_job(FsJob* job);
  // A handle job is done: start the next one of its handle.
  void handle_job_done(const std::shared_ptr<FileHandle>& h);
  // A file was opened for `owner`: list it. Returns its id, or 0 when the
  // owner is gone (the caller closes the fd then).
  Word adopt(uv_file fd, Word owner, const FileOpenMode& mode);
  int wake_fd() const { return wake_fd_; }
  void stdin_done() { stdin_busy_.store(false, std::memory_order_release); }

 private:
  RefId new_ref();
  // Queue `job` behind the handle's running job (on the loop thread).
  void enqueue(const std::shared_ptr<FileHandle>& h, HandleJob* job);
  // Post `job` for `p` (after a job writing any delayed-write bytes) and
  // return its reference.
  Term submit(Process& p, const std::shared_ptr<FileHandle>& h, HandleJob* job, RefId ref);
  HandleJob* take_pending(const std::shared_ptr<FileHandle>& h);
  void forget(const std::shared_ptr<FileHandle>& h);  // out of the table (mutex_ held)

  VM& vm_;
  std::mutex mutex_;  // guards handles_ and by_owner_
  std::unordered_map<Word, std::shared_ptr<FileHandle>> handles_;
  std::unordered_map<Word, std::vector<Word>> by_owner_;
  // Relaxed: lets process_exited skip the lock when nothing is open. No
  // handle is missed: adopt() lists a handle, then asks the process table
  // whether the owner lives; finish_process removes the owner from that
  // table, then calls process_exited. The table's shard lock orders the
  // two: either adopt sees the owner gone (and closes the file itself) or
  // its listing happened before process_exited's load of count_.
  std::atomic<std::size_t> count_{0};
  std::atomic<Word> next_id_{1};
  // acq_rel: set by read_stdin when it posts, cleared by the job on the
  // loop thread after it has answered.
  std::atomic<bool> stdin_busy_{false};
  int wake_fd_ = -1;  // eventfd: readable once shutdown() has run
};

}  // namespace girder::vm

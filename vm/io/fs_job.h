// The machinery of one file request on the loop (internal to vm/io/file*):
// a job issues uv_fs_* calls one at a time on its own uv_fs_t; each call's
// callback runs the job's next step on the loop thread; the last step
// answers {file_reply, Ref, Result} and deletes the job.
//
// Contract of a step: it runs on the loop thread with the finished request
// (`req->result` < 0 is a negated errno); it either issues the next call
// (which cleans the request up first) or calls finish(). A call that libuv
// refuses to start counts as finished with that error, so a step always
// follows, and a job can never be left without a callback to come.
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <string>

#include "vm/io/file.h"
#include "vm/io/reply.h"

namespace girder::vm {

class FsJob {
 public:
  // `pid` 0: nobody waits for the answer (a close after the owner died).
  FsJob(FileService& fs, Word pid, RefId ref) : fs_(fs), pid_(pid), ref_(ref) { req_.data = this; }
  virtual ~FsJob();
  FsJob(const FsJob&) = delete;
  FsJob& operator=(const FsJob&) = delete;

  // Loop thread: issue the first call.
  virtual void start(uv_loop_t* loop) = 0;

 protected:
  // Loop thread: the call issued last has finished.
  virtual void step(uv_fs_t* req) = 0;

  // Answer and end: the reply goes out, the IoService request ends, and
  // the job is deleted (nothing may touch `this` afterwards).
  virtual void finish(const OutTerm& result);
  void finish_error(ssize_t uv_error);  // {error, Posix} for a negated errno

  // The uv_fs_* calls a step may issue next (all with on_fs as callback).
  void fs_open(const std::string& path, int flags, int mode);
  void fs_close(uv_file fd);
  void fs_read(uv_file fd, char* data, std::size_t len, std::int64_t offset);
  void fs_write(uv_file fd, const char* data, std::size_t len, std::int64_t offset);
  void fs_fstat(uv_file fd);
  void fs_stat(const std::string& path, bool follow_links);
  // Clean the request up before it is reused or the job ends.
  void cleanup();
  // After uv_fs_*: a call libuv refused to start finishes now with its error.
  void issued(int rc);

  static void on_fs(uv_fs_t* req);

  FileService& fs_;
  uv_loop_t* loop_ = nullptr;
  uv_fs_t req_{};
  bool live_ = false;  // req_ holds a request that cleanup() must release
  Word pid_;
  RefId ref_;
};

// A job on an open file: it runs when the handle's earlier jobs are done
// (FileHandle::queue) and lets the next one start when it finishes.
class HandleJob : public FsJob {
 public:
  HandleJob(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h)
      : FsJob(fs, pid, ref), h_(std::move(h)) {}

 protected:
  void finish(const OutTerm& result) override;
  // The failure of an unanswered delayed write, taken (0: none): the job
  // that runs next answers it instead of doing its work.
  ssize_t take_deferred_error();

  std::shared_ptr<FileHandle> h_;
};

// {error, Posix} for a negated errno (libuv's convention), and the atom.
Term posix_atom(VM& vm, int err);
OutTerm posix_error(VM& vm, ssize_t uv_error);

// The loop-side makers of each kind of job (file_jobs.cpp, stdin.cpp).
FsJob* make_open_job(FileService& fs, Word pid, RefId ref, std::string path, const FileOpenMode& mode);
FsJob* make_read_file_job(FileService& fs, Word pid, RefId ref, std::string path);
FsJob* make_write_file_job(FileService& fs, Word pid, RefId ref, std::string path, std::string data, int flags);
FsJob* make_info_job(FileService& fs, Word pid, RefId ref, std::string path, bool follow, FileTime time);
FsJob* make_list_dir_job(FileService& fs, Word pid, RefId ref, std::string path, bool all);
FsJob* make_path_job(FileService& fs, Word pid, RefId ref, PathOp op, std::string path, std::string path2,
                     std::int64_t a, std::int64_t b);
FsJob* make_set_cwd_job(FileService& fs, Word pid, RefId ref, std::string path);
FsJob* make_stdin_job(FileService& fs, Word pid, RefId ref);

// Flush: write `data` at `offset` (-1: where the fd is) without moving the
// position (delayed-write bytes, whose position moved when they came).
enum class HandleJobKind : std::uint8_t { Read, ReadLine, Write, Flush, Position, Truncate, Sync, DataSync, Close };
HandleJob* make_handle_job(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h, HandleJobKind kind,
                           std::size_t n = 0, std::string data = {}, std::int64_t offset = 0);
HandleJob* make_pread_job(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h,
                          std::vector<std::pair<std::int64_t, std::size_t>> ranges, bool list);
HandleJob* make_pwrite_job(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h,
                           std::vector<std::pair<std::int64_t, std::string>> chunks, bool list);

}  // namespace girder::vm

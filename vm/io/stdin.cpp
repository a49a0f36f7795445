// Standard input: one read of fd 0 as thread-pool work (see file.h). The
// work waits in poll(2) for fd 0 or the service's eventfd, then makes one
// read(2) of up to 64 KB. poll works on anything fd 0 may be (a terminal,
// a pipe, a socket, a file, /dev/null), unlike epoll, and it leaves the
// descriptor blocking: fd 0 often shares its open file description with
// stdout (a terminal), which must not turn non-blocking under the VM's
// writes. After poll says readable a read does not block, unless another
// process sharing the descriptor took the bytes first; then the read waits
// for more like any reader of a shared terminal would.
#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "vm/io/fs_job.h"
#include "vm/io/service.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

constexpr std::size_t kStdinChunk = 64 * 1024;

class StdinJob final : public FsJob {
 public:
  StdinJob(FileService& fs, Word pid, RefId ref) : FsJob(fs, pid, ref) { work_.data = this; }

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    int rc = uv_queue_work(loop, &work_, &StdinJob::work, &StdinJob::after);
    if (rc < 0) {
      error_ = rc;
      step(nullptr);
    }
  }

 private:
  // Thread pool.
  static void work(uv_work_t* w) {
    auto* job = static_cast<StdinJob*>(w->data);
    pollfd fds[2] = {{0, POLLIN, 0}, {job->fs_.wake_fd(), POLLIN, 0}};
    for (;;) {
      int rc = ::poll(fds, job->fs_.wake_fd() >= 0 ? 2 : 1, -1);
      if (rc < 0 && errno == EINTR) continue;
      if (rc < 0) {
        job->error_ = -errno;
        return;
      }
      if (fds[1].revents != 0) {
        job->cancelled_ = true;  // the VM is stopping
        return;
      }
      job->data_.resize(kStdinChunk);
      ssize_t n = ::read(0, job->data_.data(), kStdinChunk);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n < 0) {
        job->error_ = -errno;
        job->data_.clear();
        return;
      }
      job->data_.resize(static_cast<std::size_t>(n));
      return;
    }
  }

  static void after(uv_work_t* w, int status) {
    auto* job = static_cast<StdinJob*>(w->data);
    if (status < 0) job->error_ = status;
    job->step(nullptr);
  }

  // Loop thread. The busy flag drops before the answer goes out, so the
  // reader may ask again as soon as it has it.
  void step(uv_fs_t*) override {
    fs_.stdin_done();
    if (cancelled_) return finish(OutTerm::imm(atoms::eof));
    // A closed fd 0 reads as the end of input.
    if (error_ == UV_EBADF) return finish(OutTerm::imm(atoms::eof));
    if (error_ != 0) return finish_error(error_);
    if (data_.empty()) return finish(OutTerm::imm(atoms::eof));
    finish(OutTerm::ok(OutTerm::binary(std::move(data_))));
  }

  uv_work_t work_{};
  std::string data_;
  ssize_t error_ = 0;
  bool cancelled_ = false;
};

}  // namespace

FsJob* make_stdin_job(FileService& fs, Word pid, RefId ref) { return new StdinJob(fs, pid, ref); }

}  // namespace girder::vm

// FileService: the handle table, posting jobs, owner exits; and the base
// of every job (fs_job.h). The jobs themselves are in file_jobs.cpp and
// stdin.cpp.
#include "vm/io/file.h"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "vm/io/fs_job.h"
#include "vm/io/service.h"
#include "vm/proc/process_table.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

// --- errors ------------------------------------------------------------------

Term posix_atom(VM& vm, int err) {
  switch (err) {
    case ENOENT: return atoms::enoent;
    case EACCES: return atoms::eacces;
    case EEXIST: return atoms::eexist;
    case ENOTEMPTY: return atoms::eexist;  // OTP reports a non-empty directory so
    case ENOTDIR: return atoms::enotdir;
    case EISDIR: return atoms::eisdir;
    case EBADF: return atoms::ebadf;
    case EPERM: return atoms::eperm;
    case EINVAL: return atoms::einval;
    case EBUSY: return atoms::ebusy;
    case EIO: return atoms::eio;
    default: break;
  }
  const char* name = "eio";
  switch (err) {
    case ENOSPC: name = "enospc"; break;
    case EROFS: name = "erofs"; break;
    case ENAMETOOLONG: name = "enametoolong"; break;
    case ELOOP: name = "eloop"; break;
    case EMFILE: name = "emfile"; break;
    case ENFILE: name = "enfile"; break;
    case EXDEV: name = "exdev"; break;
    case EAGAIN: name = "eagain"; break;
    case ENOMEM: name = "enomem"; break;
    case EFBIG: name = "efbig"; break;
    case ESPIPE: name = "espipe"; break;
    case EMLINK: name = "emlink"; break;
    case EPIPE: name = "epipe"; break;
    case ENXIO: name = "enxio"; break;
    case ENODEV: name = "enodev"; break;
    case ETXTBSY: name = "etxtbsy"; break;
    case EOPNOTSUPP: name = "enotsup"; break;
    case EDQUOT: name = "edquot"; break;
    case ESTALE: name = "estale"; break;
    case EOVERFLOW: name = "eoverflow"; break;
    case ENOLCK: name = "enolck"; break;
    case ENOSYS: name = "enosys"; break;
    case EINTR: name = "eintr"; break;
    case EFAULT: name = "efault"; break;
    default: break;
  }
  return vm.atoms().intern(name);
}

OutTerm posix_error(VM& vm, ssize_t uv_error) {
  return OutTerm::error(posix_atom(vm, static_cast<int>(-uv_error)));
}

// --- FsJob -------------------------------------------------------------------

FsJob::~FsJob() { cleanup(); }

void FsJob::cleanup() {
  if (live_) uv_fs_req_cleanup(&req_);
  live_ = false;
}

void FsJob::issued(int rc) {
  live_ = true;
  if (rc < 0) {
    // Not started, so no callback will come: this is the completion.
    req_.result = rc;
    step(&req_);
  }
}

void FsJob::on_fs(uv_fs_t* req) { static_cast<FsJob*>(req->data)->step(req); }

void FsJob::fs_open(const std::string& path, int flags, int mode) {
  cleanup();
  issued(uv_fs_open(loop_, &req_, path.c_str(), flags | O_CLOEXEC, mode, on_fs));
}

void FsJob::fs_close(uv_file fd) {
  cleanup();
  issued(uv_fs_close(loop_, &req_, fd, on_fs));
}

// One read(2) or write(2) moves at most this much (a uv_buf_t length is
// 32 bits; Linux moves less than 2 GB per call anyway): callers loop.
constexpr std::size_t kMaxTransfer = std::size_t{1} << 30;

void FsJob::fs_read(uv_file fd, char* data, std::size_t len, std::int64_t offset) {
  cleanup();
  uv_buf_t buf = uv_buf_init(data, static_cast<unsigned>(std::min(len, kMaxTransfer)));
  issued(uv_fs_read(loop_, &req_, fd, &buf, 1, offset, on_fs));
}

void FsJob::fs_write(uv_file fd, const char* data, std::size_t len, std::int64_t offset) {
  cleanup();
  // libuv copies the buffer descriptors, not the bytes: `data` lives in
  // the job until the callback.
  uv_buf_t buf = uv_buf_init(const_cast<char*>(data), static_cast<unsigned>(std::min(len, kMaxTransfer)));
  issued(uv_fs_write(loop_, &req_, fd, &buf, 1, offset, on_fs));
}

void FsJob::fs_fstat(uv_file fd) {
  cleanup();
  issued(uv_fs_fstat(loop_, &req_, fd, on_fs));
}

void FsJob::fs_stat(const std::string& path, bool follow_links) {
  cleanup();
  issued(follow_links ? uv_fs_stat(loop_, &req_, path.c_str(), on_fs)
                      : uv_fs_lstat(loop_, &req_, path.c_str(), on_fs));
}

void FsJob::finish(const OutTerm& result) {
  cleanup();
  IoService& io = fs_.io();
  if (pid_ != 0) deliver_reply(io, pid_, atoms::file_reply, ref_, result);
  delete this;
  io.end_request();
}

void FsJob::finish_error(ssize_t uv_error) { finish(posix_error(fs_.vm(), uv_error)); }

ssize_t HandleJob::take_deferred_error() {
  std::lock_guard lock(h_->mutex);
  ssize_t e = h_->deferred_error;
  h_->deferred_error = 0;
  return e;
}

void HandleJob::finish(const OutTerm& result) {
  std::shared_ptr<FileHandle> h = std::move(h_);
  FileService& fs = fs_;
  {
    // Before the answer goes out: the owner's next call may then take the
    // fast path (nothing in flight).
    std::lock_guard lock(h->mutex);
    --h->in_flight;
  }
  FsJob::finish(result);
  fs.handle_job_done(h);
}

// --- FileService -------------------------------------------------------------

FileService::FileService(VM& vm) : vm_(vm) { wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

FileService::~FileService() {
  // The loop has stopped and its jobs are done: what is still listed is
  // open and unused, maybe with delayed writes to make (the VM is going
  // away, so here and blocking).
  for (auto& [id, h] : handles_) {
    std::string_view left = h->pending;
    std::int64_t at = h->pending_at;
    while (!left.empty()) {
      ssize_t n = h->mode.append ? ::write(h->fd, left.data(), left.size())
                                 : ::pwrite(h->fd, left.data(), left.size(), static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      left.remove_prefix(static_cast<std::size_t>(n));
      at += n;
    }
    ::close(h->fd);
  }
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

IoService& FileService::io() const { return vm_.io(); }

RefId FileService::new_ref() { return RefId{vm_.next_ref_id(), 0}; }

void FileService::post_job(FsJob* job) {
  IoService& io = vm_.io();
  io.begin_request();
  io.post([job](uv_loop_t* loop) { job->start(loop); });
}

Term FileService::open(Process& p, std::string path, const FileOpenMode& mode) {
  RefId ref = new_ref();
  post_job(make_open_job(*this, p.id(), ref, std::move(path), mode));
  return make_ref_term(p, ref);
}

Term FileService::read_file(Process& p, std::string path) {
  RefId ref = new_ref();
  post_job(make_read_file_job(*this, p.id(), ref, std::move(path)));
  return make_ref_term(p, ref);
}

Term FileService::write_file(Process& p, std::string path, std::string data, int flags) {
  RefId ref = new_ref();
  post_job(make_write_file_job(*this, p.id(), ref, std::move(path), std::move(data), flags));
  return make_ref_term(p, ref);
}

Term FileService::read_info(Process& p, std::string path, bool follow_links, FileTime time) {
  RefId ref = new_ref();
  post_job(make_info_job(*this, p.id(), ref, std::move(path), follow_links, time));
  return make_ref_term(p, ref);
}

Term FileService::list_dir(Process& p, std::string path, bool all) {
  RefId ref = new_ref();
  post_job(make_list_dir_job(*this, p.id(), ref, std::move(path), all));
  return make_ref_term(p, ref);
}

Term FileService::path_op(Process& p, PathOp op, std::string path, std::string path2, std::int64_t a,
                          std::int64_t b) {
  RefId ref = new_ref();
  post_job(make_path_job(*this, p.id(), ref, op, std::move(path), std::move(path2), a, b));
  return make_ref_term(p, ref);
}

Term FileService::set_cwd(Process& p, std::string path) {
  RefId ref = new_ref();
  post_job(make_set_cwd_job(*this, p.id(), ref, std::move(path)));
  return make_ref_term(p, ref);
}

Term FileService::read_stdin(Process& p) {
  if (stdin_busy_.exchange(true, std::memory_order_acq_rel)) {
    return make_tuple(p, {atoms::error, atoms::ebusy});
  }
  // What was written so far (a prompt) shows before the wait for input.
  vm_.flush_output();
  RefId ref = new_ref();
  post_job(make_stdin_job(*this, p.id(), ref));
  return make_ref_term(p, ref);
}

// --- handles -----------------------------------------------------------------

Word FileService::adopt(uv_file fd, Word owner, const FileOpenMode& mode) {
  Word id = next_id_.fetch_add(1, std::memory_order_relaxed);
  auto h = std::make_shared<FileHandle>(id, owner, fd, mode);
  {
    std::lock_guard lock(mutex_);
    handles_.emplace(id, h);
    by_owner_[owner].push_back(id);
    count_.fetch_add(1, std::memory_order_relaxed);
  }
  // The owner may have exited before the handle was listed, so its
  // process_exited found nothing: check after listing (finish_process
  // removes a process from the table before it calls process_exited).
  if (vm_.processes().alive(owner)) return id;
  std::lock_guard lock(mutex_);
  if (handles_.count(id) == 0) return id;  // process_exited took it and closes it
  forget(h);
  return 0;
}

void FileService::forget(const std::shared_ptr<FileHandle>& h) {
  if (handles_.erase(h->id) == 0) return;
  count_.fetch_sub(1, std::memory_order_relaxed);
  auto it = by_owner_.find(h->owner);
  if (it == by_owner_.end()) return;
  std::erase(it->second, h->id);
  if (it->second.empty()) by_owner_.erase(it);
}

std::shared_ptr<FileHandle> FileService::owned(Process& p, Word id, Term* early) {
  std::shared_ptr<FileHandle> h;
  {
    std::lock_guard lock(mutex_);
    auto it = handles_.find(id);
    if (it != handles_.end()) h = it->second;
  }
  if (h == nullptr) {
    *early = make_tuple(p, {atoms::error, atoms::einval});
    return nullptr;
  }
  if (h->owner != p.id()) {
    *early = p.fail(atoms::error, atoms::not_on_controlling_process);
    return nullptr;
  }
  return h;
}

void FileService::enqueue(const std::shared_ptr<FileHandle>& h, HandleJob* job) {
  IoService& io = vm_.io();
  io.begin_request();
  io.post([h, job](uv_loop_t* loop) {
    if (h->running) {
      h->queue.push_back(job);
      return;
    }
    h->running = true;
    job->start(loop);
  });
}

// The delayed-write bytes of `h` as a job that writes them (mutex held),
// or nullptr when there are none. Nobody waits for its answer: a failure
// waits in deferred_error for the next request.
HandleJob* FileService::take_pending(const std::shared_ptr<FileHandle>& h) {
  if (h->pending.empty()) return nullptr;
  std::int64_t at = h->mode.append ? -1 : h->pending_at;
  HandleJob* flush = make_handle_job(*this, 0, RefId{}, h, HandleJobKind::Flush, 0, std::move(h->pending), at);
  h->pending.clear();
  ++h->in_flight;
  return flush;
}

Term FileService::submit(Process& p, const std::shared_ptr<FileHandle>& h, HandleJob* job, RefId ref) {
  HandleJob* flush;
  {
    std::lock_guard lock(h->mutex);
    flush = take_pending(h);
    ++h->in_flight;
  }
  if (flush != nullptr) enqueue(h, flush);
  enqueue(h, job);
  return make_ref_term(p, ref);
}

void FileService::handle_job_done(const std::shared_ptr<FileHandle>& h) {
  h->running = false;
  if (h->queue.empty()) return;
  HandleJob* next = h->queue.front();
  h->queue.pop_front();
  h->running = true;
  next->start(vm_.io().loop());
}

// The answer to a read of `n` bytes from read-ahead bytes, if they hold
// them all (mutex held). kNonValue when the file must be read.
static Term read_from_ahead(Process& p, FileHandle& h, std::size_t n) {
  if (h.mode.read_ahead == 0 || h.ahead_pos != h.position || h.ahead.size() < n) return kNonValue;
  std::string_view data(h.ahead.data(), n);
  Term value = h.mode.binary ? make_binary(p, data) : make_byte_list(p, data);
  h.ahead.erase(0, n);
  h.ahead_pos += static_cast<std::int64_t>(n);
  h.position += static_cast<std::int64_t>(n);
  p.charge(n / 64);
  return make_tuple(p, {atoms::ok, value});
}

// Whether a request may be answered here, without the loop (mutex held):
// nothing in flight, no delayed-write bytes, no error waiting to be told.
static bool quiet(const FileHandle& h) { return h.in_flight == 0 && h.pending.empty() && h.deferred_error == 0; }

Term FileService::read(Process& p, const std::shared_ptr<FileHandle>& h, std::size_t n) {
  {
    std::lock_guard lock(h->mutex);
    if (quiet(*h) && n > 0) {
      Term now = read_from_ahead(p, *h, n);
      if (now.is_value()) return now;
    }
  }
  RefId ref = new_ref();
  return submit(p, h, make_handle_job(*this, p.id(), ref, h, HandleJobKind::Read, n), ref);
}

Term FileService::read_line(Process& p, const std::shared_ptr<FileHandle>& h) {
  {
    std::lock_guard lock(h->mutex);
    if (quiet(*h) && h->mode.read_ahead != 0 && h->ahead_pos == h->position) {
      // A whole line among the read-ahead bytes.
      std::size_t nl = h->ahead.find('\n');
      if (nl != std::string::npos) {
        std::size_t take = nl + 1;
        std::string line = h->ahead.substr(0, take);
        if (line.size() >= 2 && line[line.size() - 2] == '\r') line.erase(line.size() - 2, 1);
        h->ahead.erase(0, take);
        h->ahead_pos += static_cast<std::int64_t>(take);
        h->position += static_cast<std::int64_t>(take);
        Term value = h->mode.binary ? make_binary(p, line) : make_byte_list(p, line);
        return make_tuple(p, {atoms::ok, value});
      }
    }
  }
  RefId ref = new_ref();
  return submit(p, h, make_handle_job(*this, p.id(), ref, h, HandleJobKind::ReadLine), ref);
}

Term FileService::write(Process& p, const std::shared_ptr<FileHandle>& h, std::string data) {
  RefId ref = new_ref();
  HandleJob* full = nullptr;
  {
    std::lock_guard lock(h->mutex);
    // delayed_write: bytes that continue the pending ones are kept; the
    // write that fills the buffer writes it all and waits for that.
    if (h->mode.delayed_size != 0 && h->in_flight == 0 && h->deferred_error == 0 &&
        (h->pending.empty() || h->mode.append ||
         h->pending_at + static_cast<std::int64_t>(h->pending.size()) == h->position)) {
      if (h->pending.empty()) h->pending_at = h->position;
      h->pending += data;
      if (!h->mode.append) h->position += static_cast<std::int64_t>(data.size());
      h->ahead.clear();
      if (h->pending.size() < h->mode.delayed_size) return atoms::ok;
      std::int64_t at = h->mode.append ? -1 : h->pending_at;
      full = make_handle_job(*this, p.id(), ref, h, HandleJobKind::Flush, 0, std::move(h->pending), at);
      h->pending.clear();
      ++h->in_flight;
    }
  }
  if (full != nullptr) {
    enqueue(h, full);
    return make_ref_term(p, ref);
  }
  return submit(p, h, make_handle_job(*this, p.id(), ref, h, HandleJobKind::Write, 0, std::move(data)), ref);
}

Term FileService::pread(Process& p, const std::shared_ptr<FileHandle>& h,
                        std::vector<std::pair<std::int64_t, std::size_t>> ranges, bool list) {
  RefId ref = new_ref();
  return submit(p, h, make_pread_job(*this, p.id(), ref, h, std::move(ranges), list), ref);
}

Term FileService::pwrite(Process& p, const std::shared_ptr<FileHandle>& h,
                         std::vector<std::pair<std::int64_t, std::string>> chunks, bool list) {
  RefId ref = new_ref();
  return submit(p, h, make_pwrite_job(*this, p.id(), ref, h, std::move(chunks), list), ref);
}

Term FileService::position(Process& p, const std::shared_ptr<FileHandle>& h, int whence, std::int64_t offset) {
  {
    std::lock_guard lock(h->mutex);
    if (whence != SEEK_END && quiet(*h)) {
      // No file system call needed: the position is ours.
      std::int64_t base = whence == SEEK_CUR ? h->position : 0;
      std::int64_t to = base + offset;
      if (to < 0) return make_tuple(p, {atoms::error, atoms::einval});
      h->position = to;
      return make_tuple(p, {atoms::ok, make_integer(p, to)});
    }
  }
  // SEEK_CUR / SEEK_SET come here only behind another job; the job
  // computes from the position it finds then.
  RefId ref = new_ref();
  return submit(p, h,
                make_handle_job(*this, p.id(), ref, h, HandleJobKind::Position, static_cast<std::size_t>(whence), {},
                                offset),
                ref);
}

Term FileService::handle_op(Process& p, const std::shared_ptr<FileHandle>& h, HandleOp op) {
  HandleJobKind kind = op == HandleOp::Truncate ? HandleJobKind::Truncate
                       : op == HandleOp::Sync   ? HandleJobKind::Sync
                                                : HandleJobKind::DataSync;
  RefId ref = new_ref();
  return submit(p, h, make_handle_job(*this, p.id(), ref, h, kind), ref);
}

Term FileService::close(Process& p, const std::shared_ptr<FileHandle>& h) {
  {
    std::lock_guard lock(mutex_);
    forget(h);
  }
  {
    std::lock_guard lock(h->mutex);
    if (h->closed) return make_tuple(p, {atoms::error, atoms::einval});
    h->closed = true;
  }
  RefId ref = new_ref();
  return submit(p, h, make_handle_job(*this, p.id(), ref, h, HandleJobKind::Close), ref);
}

void FileService::process_exited(Word pid) {
  if (count_.load(std::memory_order_relaxed) == 0) return;
  std::vector<std::shared_ptr<FileHandle>> owned;
  {
    std::lock_guard lock(mutex_);
    auto it = by_owner_.find(pid);
    if (it == by_owner_.end()) return;
    for (Word id : it->second) {
      auto h = handles_.find(id);
      if (h == handles_.end()) continue;
      owned.push_back(h->second);
      handles_.erase(h);
      count_.fetch_sub(1, std::memory_order_relaxed);
    }
    by_owner_.erase(it);
  }
  for (auto& h : owned) {
    HandleJob* flush;
    {
      std::lock_guard lock(h->mutex);
      if (h->closed) continue;
      h->closed = true;
      flush = take_pending(h);  // delayed writes are written before the close
      ++h->in_flight;
    }
    if (flush != nullptr) enqueue(h, flush);
    // Nobody waits for this close (pid 0).
    enqueue(h, make_handle_job(*this, 0, RefId{}, h, HandleJobKind::Close));
  }
}

void FileService::shutdown() {
  if (wake_fd_ < 0) return;
  std::uint64_t one = 1;
  // A pending stdin read polls this fd too and gives up once it is readable.
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

}  // namespace girder::vm

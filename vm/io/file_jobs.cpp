// The jobs behind file:* (see fs_job.h for how a job runs): whole files,
// file information, directories, single calls on a path, and the
// operations on an open file. Every step here runs on the loop thread.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "vm/io/fs_job.h"
#include "vm/io/service.h"
#include "vm/term/utf8.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// Reads of whole files and lines go in chunks of this size at least.
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kLineChunk = 4096;
// A file:read of N bytes reads at most this much per read(2) (more calls
// follow while each fills its buffer), so a huge N on a small file does
// not allocate N bytes.
constexpr std::size_t kReadChunk = 1024 * 1024;

// --- file:open ---------------------------------------------------------------

class OpenJob final : public FsJob {
 public:
  OpenJob(FileService& fs, Word pid, RefId ref, std::string path, const FileOpenMode& mode)
      : FsJob(fs, pid, ref), path_(std::move(path)), mode_(mode) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    fs_open(path_, mode_.flags, 0666);
  }

 private:
  void step(uv_fs_t* req) override {
    switch (stage_++) {
      case 0:
        if (req->result < 0) return finish_error(req->result);
        fd_ = static_cast<uv_file>(req->result);
        return fs_fstat(fd_);
      case 1: {
        // open(2) lets a directory be opened for reading; OTP says eisdir.
        if (req->result == 0 && S_ISDIR(req->statbuf.st_mode)) {
          error_ = UV_EISDIR;
          return fs_close(fd_);
        }
        Word id = fs_.adopt(fd_, pid_, mode_);
        if (id == 0) return fs_close(fd_);  // the opener is gone
        return finish(OutTerm::ok(OutTerm::integer(static_cast<std::int64_t>(id))));
      }
      default:
        return error_ != 0 ? finish_error(error_) : finish(OutTerm::imm(atoms::ok));
    }
  }

  std::string path_;
  FileOpenMode mode_;
  int stage_ = 0;
  uv_file fd_ = -1;
  ssize_t error_ = 0;
};

// --- file:read_file ----------------------------------------------------------

class ReadFileJob final : public FsJob {
 public:
  ReadFileJob(FileService& fs, Word pid, RefId ref, std::string path)
      : FsJob(fs, pid, ref), path_(std::move(path)) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    fs_open(path_, O_RDONLY, 0);
  }

 private:
  enum Stage { Open, Stat, Read, Close };

  void step(uv_fs_t* req) override {
    switch (stage_) {
      case Open:
        if (req->result < 0) return finish_error(req->result);
        fd_ = static_cast<uv_file>(req->result);
        stage_ = Stat;
        return fs_fstat(fd_);
      case Stat:
        if (req->result == 0) {
          if (S_ISDIR(req->statbuf.st_mode)) return close_with(UV_EISDIR);
          regular_ = S_ISREG(req->statbuf.st_mode);
          expected_ = static_cast<std::size_t>(req->statbuf.st_size);
        }
        stage_ = Read;
        return read_more();
      case Read:
        if (req->result == UV_ESPIPE && !stream_) {
          stream_ = true;  // a pipe (/dev/stdin): read where it is
          return read_more();
        }
        if (req->result < 0) return close_with(req->result);
        used_ += static_cast<std::size_t>(req->result);
        // A regular file is read once its size is in; others (and files
        // that grew) until read(2) gives 0.
        if (req->result == 0 || (regular_ && used_ == expected_ && used_ != 0)) return close_with(0);
        return read_more();
      default:
        if (error_ != 0) return finish_error(error_);
        if (req->result < 0) return finish_error(req->result);
        data_.resize(used_);
        return finish(OutTerm::ok(OutTerm::binary(std::move(data_))));
    }
  }

  void read_more() {
    std::size_t want = used_ < expected_ ? expected_ - used_ : kChunk;
    if (data_.size() < used_ + want) data_.resize(used_ + want);
    fs_read(fd_, data_.data() + used_, want, stream_ ? -1 : static_cast<std::int64_t>(used_));
  }

  void close_with(ssize_t error) {
    error_ = error;
    stage_ = Close;
    fs_close(fd_);
  }

  std::string path_;
  Stage stage_ = Open;
  uv_file fd_ = -1;
  bool regular_ = false;
  bool stream_ = false;
  std::size_t expected_ = 0;
  std::string data_;
  std::size_t used_ = 0;
  ssize_t error_ = 0;
};

// --- file:write_file ---------------------------------------------------------

class WriteFileJob final : public FsJob {
 public:
  WriteFileJob(FileService& fs, Word pid, RefId ref, std::string path, std::string data, int flags)
      : FsJob(fs, pid, ref), path_(std::move(path)), data_(std::move(data)), flags_(flags) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    fs_open(path_, flags_, 0666);
  }

 private:
  enum Stage { Open, Write, Close };

  void step(uv_fs_t* req) override {
    switch (stage_) {
      case Open:
        if (req->result < 0) return finish_error(req->result);
        fd_ = static_cast<uv_file>(req->result);
        stage_ = Write;
        return write_more();
      case Write:
        if (req->result < 0) return close_with(req->result);
        done_ += static_cast<std::size_t>(req->result);
        return write_more();
      default:
        if (error_ != 0) return finish_error(error_);
        if (req->result < 0) return finish_error(req->result);
        return finish(OutTerm::imm(atoms::ok));
    }
  }

  void write_more() {
    if (done_ >= data_.size()) return close_with(0);
    // Offset -1: where the fd is, so O_APPEND (write_file/3 [append]) holds.
    fs_write(fd_, data_.data() + done_, data_.size() - done_, -1);
  }

  void close_with(ssize_t error) {
    error_ = error;
    stage_ = Close;
    fs_close(fd_);
  }

  std::string path_;
  std::string data_;
  int flags_;
  Stage stage_ = Open;
  uv_file fd_ = -1;
  std::size_t done_ = 0;
  ssize_t error_ = 0;
};

// --- file:read_file_info -----------------------------------------------------

OutTerm time_term(std::int64_t seconds, FileTime kind) {
  if (kind == FileTime::Posix) return OutTerm::integer(seconds);
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (kind == FileTime::Local) localtime_r(&t, &tm);
  else gmtime_r(&t, &tm);
  return OutTerm::tuple({OutTerm::tuple({OutTerm::integer(tm.tm_year + 1900), OutTerm::integer(tm.tm_mon + 1),
                                         OutTerm::integer(tm.tm_mday)}),
                         OutTerm::tuple({OutTerm::integer(tm.tm_hour), OutTerm::integer(tm.tm_min),
                                         OutTerm::integer(tm.tm_sec)})});
}

// #file_info{} of kernel/include/file.hrl: size, type, access, atime,
// mtime, ctime, mode, links, major_device (st_dev, as OTP), minor_device
// (st_rdev), inode, uid, gid.
OutTerm file_info_term(const uv_stat_t& st, FileTime time) {
  auto mode = static_cast<mode_t>(st.st_mode);
  Term type = S_ISREG(mode)                    ? atoms::regular
              : S_ISDIR(mode)                  ? atoms::directory
              : S_ISLNK(mode)                  ? atoms::symlink
              : S_ISCHR(mode) || S_ISBLK(mode) ? atoms::device
                                               : atoms::other;
  // Access for this process from the permission bits (root may read and
  // write anything, as access(2) says).
  bool r, w;
  uid_t uid = ::geteuid();
  if (uid == 0) {
    r = w = true;
  } else if (uid == st.st_uid) {
    r = mode & S_IRUSR;
    w = mode & S_IWUSR;
  } else if (::getegid() == st.st_gid) {
    r = mode & S_IRGRP;
    w = mode & S_IWGRP;
  } else {
    r = mode & S_IROTH;
    w = mode & S_IWOTH;
  }
  Term access = r && w ? atoms::read_write : r ? atoms::read : w ? atoms::write : atoms::none;
  auto u = [](std::uint64_t v) { return OutTerm::integer(static_cast<std::int64_t>(v)); };
  return OutTerm::tuple({OutTerm::imm(atoms::file_info), u(st.st_size), OutTerm::imm(type), OutTerm::imm(access),
                         time_term(st.st_atim.tv_sec, time), time_term(st.st_mtim.tv_sec, time),
                         time_term(st.st_ctim.tv_sec, time), u(st.st_mode), u(st.st_nlink), u(st.st_dev),
                         u(st.st_rdev), u(st.st_ino), u(st.st_uid), u(st.st_gid)});
}

class InfoJob final : public FsJob {
 public:
  InfoJob(FileService& fs, Word pid, RefId ref, std::string path, bool follow, FileTime time)
      : FsJob(fs, pid, ref), path_(std::move(path)), follow_(follow), time_(time) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    fs_stat(path_, follow_);
  }

 private:
  void step(uv_fs_t* req) override {
    if (req->result < 0) return finish_error(req->result);
    finish(OutTerm::ok(file_info_term(req->statbuf, time_)));
  }

  std::string path_;
  bool follow_;
  FileTime time_;
};

// --- file:list_dir -----------------------------------------------------------

class ListDirJob final : public FsJob {
 public:
  ListDirJob(FileService& fs, Word pid, RefId ref, std::string path, bool all)
      : FsJob(fs, pid, ref), path_(std::move(path)), all_(all) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    cleanup();
    issued(uv_fs_opendir(loop_, &req_, path_.c_str(), on_fs));
  }

 private:
  enum Stage { Open, Read, Close };

  void step(uv_fs_t* req) override {
    switch (stage_) {
      case Open:
        if (req->result < 0) return finish_error(req->result);
        dir_ = static_cast<uv_dir_t*>(req->ptr);
        dir_->dirents = entries_;
        dir_->nentries = std::size(entries_);
        stage_ = Read;
        return read_more();
      case Read:
        if (req->result < 0) return close_with(req->result);
        // Copied now: the next call's cleanup frees the names. libuv leaves
        // out "." and "..".
        for (ssize_t i = 0; i < req->result; ++i) names_.emplace_back(dir_->dirents[i].name);
        if (req->result == 0) return close_with(0);
        return read_more();
      default:
        if (error_ != 0) return finish_error(error_);
        return answer();
    }
  }

  void read_more() {
    cleanup();
    issued(uv_fs_readdir(loop_, &req_, dir_, on_fs));
  }

  void close_with(ssize_t error) {
    error_ = error;
    stage_ = Close;
    cleanup();
    issued(uv_fs_closedir(loop_, &req_, dir_, on_fs));
  }

  void answer() {
    // Names are UTF-8 (the native name encoding); list_dir_all gives any
    // other as a binary, list_dir refuses the whole listing, as OTP does.
    std::vector<OutTerm> items;
    items.reserve(names_.size());
    for (std::string& n : names_) {
      if (utf8::valid(n)) {
        items.push_back(OutTerm::chars(n));
      } else if (all_) {
        items.push_back(OutTerm::binary(std::move(n)));
      } else {
        return finish(OutTerm::tuple(
            {OutTerm::imm(atoms::error),
             OutTerm::tuple({OutTerm::imm(atoms::no_translation), OutTerm::binary(std::move(n))})}));
      }
    }
    finish(OutTerm::ok(OutTerm::list(std::move(items))));
  }

  std::string path_;
  bool all_;
  Stage stage_ = Open;
  uv_dir_t* dir_ = nullptr;
  uv_dirent_t entries_[64]{};
  std::vector<std::string> names_;
  ssize_t error_ = 0;
};

// --- one call on a path ------------------------------------------------------

class PathJob final : public FsJob {
 public:
  PathJob(FileService& fs, Word pid, RefId ref, PathOp op, std::string path, std::string path2, std::int64_t a,
          std::int64_t b)
      : FsJob(fs, pid, ref), op_(op), path_(std::move(path)), path2_(std::move(path2)), a_(a), b_(b) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    cleanup();
    const char* p = path_.c_str();
    const char* p2 = path2_.c_str();
    switch (op_) {
      case PathOp::MakeDir: return issued(uv_fs_mkdir(loop_, &req_, p, 0777, on_fs));
      case PathOp::DelDir: return issued(uv_fs_rmdir(loop_, &req_, p, on_fs));
      case PathOp::Delete: return issued(uv_fs_unlink(loop_, &req_, p, on_fs));
      case PathOp::Rename: return issued(uv_fs_rename(loop_, &req_, p, p2, on_fs));
      case PathOp::ReadLink: return issued(uv_fs_readlink(loop_, &req_, p, on_fs));
      case PathOp::MakeSymlink: return issued(uv_fs_symlink(loop_, &req_, p, p2, 0, on_fs));
      case PathOp::MakeLink: return issued(uv_fs_link(loop_, &req_, p, p2, on_fs));
      case PathOp::ChangeMode: return issued(uv_fs_chmod(loop_, &req_, p, static_cast<int>(a_), on_fs));
      case PathOp::ChangeOwner:
        return issued(uv_fs_chown(loop_, &req_, p, static_cast<uv_uid_t>(a_), static_cast<uv_gid_t>(b_), on_fs));
      case PathOp::ChangeTime:
        return issued(uv_fs_utime(loop_, &req_, p, static_cast<double>(a_), static_cast<double>(b_), on_fs));
    }
  }

 private:
  void step(uv_fs_t* req) override {
    if (req->result < 0) {
      // unlink(2) of a directory: OTP answers eperm (POSIX's word for it).
      if (op_ == PathOp::Delete && req->result == UV_EISDIR) return finish(OutTerm::error(atoms::eperm));
      return finish_error(req->result);
    }
    if (op_ == PathOp::ReadLink) {
      std::string target(static_cast<const char*>(req->ptr));
      return finish(OutTerm::ok(OutTerm::chars(target)));
    }
    finish(OutTerm::imm(atoms::ok));
  }

  PathOp op_;
  std::string path_, path2_;
  std::int64_t a_, b_;
};

// --- file:set_cwd: chdir(2) has no uv_fs_* form, so it is thread-pool work -----

class SetCwdJob final : public FsJob {
 public:
  SetCwdJob(FileService& fs, Word pid, RefId ref, std::string path) : FsJob(fs, pid, ref), path_(std::move(path)) {
    work_.data = this;
  }

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    int rc = uv_queue_work(
        loop, &work_,
        [](uv_work_t* w) {
          auto* job = static_cast<SetCwdJob*>(w->data);
          job->error_ = ::chdir(job->path_.c_str()) == 0 ? 0 : -errno;
        },
        [](uv_work_t* w, int status) {
          auto* job = static_cast<SetCwdJob*>(w->data);
          if (status < 0) job->error_ = status;
          job->step(nullptr);
        });
    if (rc < 0) {
      error_ = rc;
      step(nullptr);
    }
  }

 private:
  void step(uv_fs_t*) override { error_ != 0 ? finish_error(error_) : finish(OutTerm::imm(atoms::ok)); }

  uv_work_t work_{};
  std::string path_;
  ssize_t error_ = 0;
};

// --- an open file ------------------------------------------------------------

class HandleJobImpl final : public HandleJob {
 public:
  HandleJobImpl(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h, HandleJobKind kind,
                std::size_t n, std::string data, std::int64_t offset)
      : HandleJob(fs, pid, ref, std::move(h)), kind_(kind), n_(n), data_(std::move(data)), offset_(offset) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    if (kind_ != HandleJobKind::Flush) {
      if (ssize_t e = take_deferred_error(); e != 0) {
        if (kind_ != HandleJobKind::Close) return finish_error(e);
        close_error_ = e;  // the fd closes all the same
      }
    }
    {
      std::lock_guard lock(h_->mutex);
      pos_ = h_->position;
      stream_ = h_->stream;
      // Bytes already read ahead from where we are go first.
      if ((kind_ == HandleJobKind::Read || kind_ == HandleJobKind::ReadLine) && h_->ahead_pos == pos_ &&
          !h_->ahead.empty()) {
        buf_ = std::move(h_->ahead);
        h_->ahead.clear();
      } else if (kind_ == HandleJobKind::Read || kind_ == HandleJobKind::ReadLine) {
        h_->ahead.clear();
      }
    }
    uv_file fd = h_->fd;
    switch (kind_) {
      case HandleJobKind::Read:
        // read(F, 0) is {ok, <<>>} (or []) wherever the file is.
        if (n_ == 0 || buf_.size() >= n_) return read_done();
        return read_more(read_want());
      case HandleJobKind::ReadLine:
        if (buf_.find('\n') != std::string::npos) return line_done(false);
        return read_more(std::max(kLineChunk, h_->mode.read_ahead));
      case HandleJobKind::Write:
      case HandleJobKind::Flush:
        return write_more();
      case HandleJobKind::Position:
        if (static_cast<int>(n_) == SEEK_END) return fs_fstat(fd);
        return position_done(static_cast<int>(n_) == SEEK_CUR ? pos_ : 0);
      case HandleJobKind::Truncate:
        cleanup();
        return issued(uv_fs_ftruncate(loop_, &req_, fd, pos_, on_fs));
      case HandleJobKind::Sync:
        cleanup();
        return issued(uv_fs_fsync(loop_, &req_, fd, on_fs));
      case HandleJobKind::DataSync:
        cleanup();
        return issued(uv_fs_fdatasync(loop_, &req_, fd, on_fs));
      case HandleJobKind::Close:
        return fs_close(fd);
    }
  }

 private:
  void step(uv_fs_t* req) override {
    ssize_t r = req->result;
    bool writes = kind_ == HandleJobKind::Write || kind_ == HandleJobKind::Flush;
    if (r == UV_ESPIPE && !stream_ && (kind_ == HandleJobKind::Read || kind_ == HandleJobKind::ReadLine || writes)) {
      // Not seekable: from now on this handle reads and writes in place.
      stream_ = true;
      {
        std::lock_guard lock(h_->mutex);
        h_->stream = true;
      }
      if (writes) return write_more();
      buf_.resize(got_before_);
      return read_more(last_want_);
    }
    switch (kind_) {
      case HandleJobKind::Read:
        if (r < 0) return finish_error(r);
        buf_.resize(got_before_ + static_cast<std::size_t>(r));
        // One read(2) answers a file:read, unless it filled a chunk of a
        // larger request (a regular file with more to give).
        if (r > 0 && static_cast<std::size_t>(r) == last_want_ && buf_.size() < n_) return read_more(read_want());
        return read_done();
      case HandleJobKind::ReadLine:
        if (r < 0) return finish_error(r);
        buf_.resize(got_before_ + static_cast<std::size_t>(r));
        if (r == 0) return line_done(true);
        if (buf_.find('\n', got_before_) != std::string::npos) return line_done(false);
        return read_more(std::max(kLineChunk, h_->mode.read_ahead));
      case HandleJobKind::Write:
        if (r < 0) return finish_error(r);
        written_ += static_cast<std::size_t>(r);
        if (written_ < data_.size()) return write_more();
        return write_done();
      case HandleJobKind::Flush:
        if (r < 0) {
          if (pid_ != 0) return finish_error(r);
          // Nobody asked: the next request of the handle answers it.
          std::lock_guard lock(h_->mutex);
          h_->deferred_error = r;
        } else {
          written_ += static_cast<std::size_t>(r);
          if (written_ < data_.size()) return write_more();
          if (h_->mode.append) {
            std::lock_guard lock(h_->mutex);
            off_t at = ::lseek(h_->fd, 0, SEEK_CUR);
            if (at >= 0) h_->position = at;
          }
        }
        break;
      case HandleJobKind::Close:
        if (r < 0) return finish_error(r);
        if (close_error_ != 0) return finish_error(close_error_);
        break;
      case HandleJobKind::Position:
        if (r < 0) return finish_error(r);
        return position_done(static_cast<std::int64_t>(req->statbuf.st_size));
      case HandleJobKind::Truncate: {
        if (r < 0) return finish_error(r);
        std::lock_guard lock(h_->mutex);
        h_->ahead.clear();
        break;
      }
      default:
        if (r < 0) return finish_error(r);
        break;
    }
    finish(OutTerm::imm(atoms::ok));
  }

  // How much the next read of a file:read asks for: what is missing, or
  // the read-ahead size if larger, at most a chunk (or the read-ahead).
  std::size_t read_want() const {
    std::size_t missing = n_ > buf_.size() ? n_ - buf_.size() : 0;
    return std::min(std::max(missing, h_->mode.read_ahead), std::max(kReadChunk, h_->mode.read_ahead));
  }

  // Read up to `want` more bytes after what buf_ holds.
  void read_more(std::size_t want) {
    if (want == 0) want = 1;
    last_want_ = want;
    got_before_ = buf_.size();
    buf_.resize(got_before_ + want);
    std::int64_t at = stream_ ? -1 : pos_ + static_cast<std::int64_t>(got_before_);
    fs_read(h_->fd, buf_.data() + got_before_, want, at);
  }

  OutTerm data_term(std::string bytes) const {
    return h_->mode.binary ? OutTerm::binary(std::move(bytes)) : OutTerm::byte_list(std::move(bytes));
  }

  // One read(2) is one file:read: fewer bytes than asked for are the answer.
  void read_done() {
    std::size_t take = std::min(n_, buf_.size());
    keep_rest(take);
    if (take == 0 && n_ > 0) return finish(OutTerm::imm(atoms::eof));
    buf_.resize(take);
    finish(OutTerm::ok(data_term(std::move(buf_))));
  }

  void line_done(bool at_eof) {
    std::size_t nl = buf_.find('\n');
    std::size_t take = nl == std::string::npos ? buf_.size() : nl + 1;
    keep_rest(take);
    if (take == 0 && at_eof) return finish(OutTerm::imm(atoms::eof));
    buf_.resize(take);
    if (nl != std::string::npos && take >= 2 && buf_[take - 2] == '\r') buf_.erase(take - 2, 1);
    finish(OutTerm::ok(data_term(std::move(buf_))));
  }

  // The first `take` bytes of buf_ are consumed: move the position past
  // them and keep the rest as read-ahead (when asked for, or when the
  // file cannot be read there again).
  void keep_rest(std::size_t take) {
    std::lock_guard lock(h_->mutex);
    h_->position = pos_ + static_cast<std::int64_t>(take);
    if ((h_->mode.read_ahead != 0 || stream_) && buf_.size() > take) {
      h_->ahead.assign(buf_, take, std::string::npos);
      h_->ahead_pos = h_->position;
    }
  }

  void write_more() {
    std::int64_t at;
    if (kind_ == HandleJobKind::Flush) {
      at = offset_ < 0 || stream_ ? -1 : offset_ + static_cast<std::int64_t>(written_);
    } else {
      at = h_->mode.append || stream_ ? -1 : pos_ + static_cast<std::int64_t>(written_);
    }
    fs_write(h_->fd, data_.data() + written_, data_.size() - written_, at);
  }

  void write_done() {
    {
      std::lock_guard lock(h_->mutex);
      h_->ahead.clear();
      if (h_->mode.append) {
        // O_APPEND wrote at the end; the fd's offset says where that was
        // (lseek SEEK_CUR only reads the open file's offset: no I/O).
        off_t at = ::lseek(h_->fd, 0, SEEK_CUR);
        if (at >= 0) h_->position = at;
      } else {
        h_->position = pos_ + static_cast<std::int64_t>(written_);
      }
    }
    finish(OutTerm::imm(atoms::ok));
  }

  void position_done(std::int64_t base) {
    std::int64_t to = base + offset_;
    if (to < 0) return finish(OutTerm::error(atoms::einval));
    {
      std::lock_guard lock(h_->mutex);
      h_->position = to;
    }
    finish(OutTerm::ok(OutTerm::integer(to)));
  }

  HandleJobKind kind_;
  std::size_t n_;
  std::string data_;
  std::int64_t offset_;
  std::int64_t pos_ = 0;
  bool stream_ = false;
  std::string buf_;
  std::size_t got_before_ = 0;
  std::size_t last_want_ = 0;
  std::size_t written_ = 0;
  ssize_t close_error_ = 0;
};

// pread: one read(2) per range, the position untouched.
class PReadJob final : public HandleJob {
 public:
  PReadJob(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h,
           std::vector<std::pair<std::int64_t, std::size_t>> ranges, bool list)
      : HandleJob(fs, pid, ref, std::move(h)), ranges_(std::move(ranges)), list_(list) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    if (ssize_t e = take_deferred_error(); e != 0) return finish_error(e);
    next();
  }

 private:
  void next() {
    if (results_.size() == ranges_.size()) return answer();
    auto [at, n] = ranges_[results_.size()];
    buf_.resize(n);
    if (n == 0) {
      req_.result = 0;
      return step(&req_);
    }
    fs_read(h_->fd, buf_.data(), n, at);
  }

  void step(uv_fs_t* req) override {
    if (req->result < 0) return finish_error(req->result);
    std::size_t n = ranges_[results_.size()].second;
    buf_.resize(static_cast<std::size_t>(req->result));
    if (req->result == 0 && n > 0) {
      // A single pread answers eof bare; a list has eof in its place.
      if (!list_) return finish(OutTerm::imm(atoms::eof));
      results_.push_back(OutTerm::imm(atoms::eof));
    } else {
      results_.push_back(h_->mode.binary ? OutTerm::binary(std::move(buf_)) : OutTerm::byte_list(std::move(buf_)));
    }
    buf_.clear();
    next();
  }

  void answer() {
    if (list_) return finish(OutTerm::ok(OutTerm::list(std::move(results_))));
    finish(OutTerm::ok(std::move(results_.front())));
  }

  std::vector<std::pair<std::int64_t, std::size_t>> ranges_;
  bool list_;
  std::vector<OutTerm> results_;
  std::string buf_;
};

// pwrite: each chunk written whole at its position, the position untouched.
class PWriteJob final : public HandleJob {
 public:
  PWriteJob(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h,
            std::vector<std::pair<std::int64_t, std::string>> chunks, bool list)
      : HandleJob(fs, pid, ref, std::move(h)), chunks_(std::move(chunks)), list_(list) {}

  void start(uv_loop_t* loop) override {
    loop_ = loop;
    if (ssize_t e = take_deferred_error(); e != 0) return finish_error(e);
    {
      std::lock_guard lock(h_->mutex);
      h_->ahead.clear();
    }
    next();
  }

 private:
  void next() {
    while (index_ < chunks_.size() && done_ == chunks_[index_].second.size()) {
      ++index_;
      done_ = 0;
    }
    if (index_ == chunks_.size()) return finish(OutTerm::imm(atoms::ok));
    const auto& [at, data] = chunks_[index_];
    fs_write(h_->fd, data.data() + done_, data.size() - done_, at + static_cast<std::int64_t>(done_));
  }

  void step(uv_fs_t* req) override {
    if (req->result < 0) {
      if (!list_) return finish_error(req->result);
      // {error, {N, Reason}}: N chunks were written before the failure.
      Term reason = posix_atom(fs_.vm(), static_cast<int>(-req->result));
      return finish(OutTerm::tuple(
          {OutTerm::imm(atoms::error),
           OutTerm::tuple({OutTerm::integer(static_cast<std::int64_t>(index_)), OutTerm::imm(reason)})}));
    }
    done_ += static_cast<std::size_t>(req->result);
    next();
  }

  std::vector<std::pair<std::int64_t, std::string>> chunks_;
  bool list_;
  std::size_t index_ = 0;
  std::size_t done_ = 0;
};

}  // namespace

FsJob* make_open_job(FileService& fs, Word pid, RefId ref, std::string path, const FileOpenMode& mode) {
  return new OpenJob(fs, pid, ref, std::move(path), mode);
}
FsJob* make_read_file_job(FileService& fs, Word pid, RefId ref, std::string path) {
  return new ReadFileJob(fs, pid, ref, std::move(path));
}
FsJob* make_write_file_job(FileService& fs, Word pid, RefId ref, std::string path, std::string data, int flags) {
  return new WriteFileJob(fs, pid, ref, std::move(path), std::move(data), flags);
}
FsJob* make_info_job(FileService& fs, Word pid, RefId ref, std::string path, bool follow, FileTime time) {
  return new InfoJob(fs, pid, ref, std::move(path), follow, time);
}
FsJob* make_list_dir_job(FileService& fs, Word pid, RefId ref, std::string path, bool all) {
  return new ListDirJob(fs, pid, ref, std::move(path), all);
}
FsJob* make_path_job(FileService& fs, Word pid, RefId ref, PathOp op, std::string path, std::string path2,
                     std::int64_t a, std::int64_t b) {
  return new PathJob(fs, pid, ref, op, std::move(path), std::move(path2), a, b);
}
FsJob* make_set_cwd_job(FileService& fs, Word pid, RefId ref, std::string path) {
  return new SetCwdJob(fs, pid, ref, std::move(path));
}
HandleJob* make_handle_job(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h, HandleJobKind kind,
                           std::size_t n, std::string data, std::int64_t offset) {
  return new HandleJobImpl(fs, pid, ref, std::move(h), kind, n, std::move(data), offset);
}

HandleJob* make_pread_job(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h,
                          std::vector<std::pair<std::int64_t, std::size_t>> ranges, bool list) {
  return new PReadJob(fs, pid, ref, std::move(h), std::move(ranges), list);
}
HandleJob* make_pwrite_job(FileService& fs, Word pid, RefId ref, std::shared_ptr<FileHandle> h,
                           std::vector<std::pair<std::int64_t, std::string>> chunks, bool list) {
  return new PWriteJob(fs, pid, ref, std::move(h), std::move(chunks), list);
}

}  // namespace girder::vm

// file:* on plain POSIX calls: read_file/1, write_file/2, delete/1,
// make_dir/1, del_dir/1, list_dir/1, read_file_info/1. What loading and
// compiling code at run time needs (code:load_file, compile:file). These
// block the calling scheduler for the length of one system call on a
// local file; the libuv I/O layer (issue 11) moves them onto its thread.
// Errors are OTP's: {error, Posix} with the errno's lowercase name.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <string>

#include "vm/bif/bif.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// A file name: a string (flat or deep), a binary or an atom.
bool file_name(Process& p, Term t, std::string& out) {
  if (t.is_atom()) {
    out = std::string(p.vm().atoms().name(t));
    return true;
  }
  if (!iodata_bytes(t, out) && !string_from_chars(t, out)) return false;
  return out.find('\0') == std::string::npos;
}

const char* posix_name(int err) {
  switch (err) {
    case ENOENT: return "enoent";
    case EACCES: return "eacces";
    case EEXIST: return "eexist";
    case ENOTDIR: return "enotdir";
    case EISDIR: return "eisdir";
    case ENOTEMPTY: return "eexist";  // as OTP reports a non-empty directory
    case ENOSPC: return "enospc";
    case EROFS: return "erofs";
    case ENAMETOOLONG: return "enametoolong";
    case ELOOP: return "eloop";
    case EPERM: return "eperm";
    case EBUSY: return "ebusy";
    case EINVAL: return "einval";
    case EMFILE: return "emfile";
    case EIO: return "eio";
    default: return "eio";
  }
}

Term posix_error(Process& p, int err) { return make_tuple(p, {atoms::error, p.vm().atoms().intern(posix_name(err))}); }

Term ok_or_error(Process& p, int rc) { return rc == 0 ? atoms::ok : posix_error(p, errno); }

Term bif_read_file(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return posix_error(p, errno);
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return posix_error(p, err);
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return make_tuple(p, {atoms::ok, make_binary(p, data)});
}

Term bif_write_file(Process& p, const Term* a) {
  std::string name, data;
  if (!file_name(p, a[0], name) || !iodata_bytes(a[1], data)) return p.badarg();
  int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return posix_error(p, errno);
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return posix_error(p, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return posix_error(p, errno);
  return atoms::ok;
}

Term bif_delete(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  return ok_or_error(p, ::unlink(name.c_str()));
}

Term bif_make_dir(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  return ok_or_error(p, ::mkdir(name.c_str(), 0777));
}

Term bif_del_dir(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  return ok_or_error(p, ::rmdir(name.c_str()));
}

Term bif_list_dir(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  DIR* dir = ::opendir(name.c_str());
  if (dir == nullptr) return posix_error(p, errno);
  std::vector<Term> names;
  while (dirent* d = ::readdir(dir)) {
    std::string_view n = d->d_name;
    if (n == "." || n == "..") continue;
    names.push_back(make_string(p, n));
  }
  ::closedir(dir);
  return make_tuple(p, {atoms::ok, make_list(p, names)});
}

Term datetime(Process& p, std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  return make_tuple(p, {make_tuple(p, {Term::small(tm.tm_year + 1900), Term::small(tm.tm_mon + 1), Term::small(tm.tm_mday)}),
                        make_tuple(p, {Term::small(tm.tm_hour), Term::small(tm.tm_min), Term::small(tm.tm_sec)})});
}

// #file_info{} of kernel/include/file.hrl: size, type, access, atime,
// mtime, ctime, mode, links, major_device, minor_device, inode, uid, gid.
Term bif_read_file_info(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  struct stat st {};
  if (::stat(name.c_str(), &st) != 0) return posix_error(p, errno);
  AtomTable& atoms = p.vm().atoms();
  const char* type = S_ISREG(st.st_mode)   ? "regular"
                     : S_ISDIR(st.st_mode) ? "directory"
                     : S_ISLNK(st.st_mode) ? "symlink"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "device"
                                                                   : "other";
  bool r = ::access(name.c_str(), R_OK) == 0, w = ::access(name.c_str(), W_OK) == 0;
  const char* access = r && w ? "read_write" : r ? "read" : w ? "write" : "none";
  Term info = make_tuple(p, {atoms.intern("file_info"), make_integer(p, static_cast<std::int64_t>(st.st_size)),
                             atoms.intern(type), atoms.intern(access), datetime(p, st.st_atime),
                             datetime(p, st.st_mtime), datetime(p, st.st_ctime),
                             make_integer(p, static_cast<std::int64_t>(st.st_mode)),
                             make_integer(p, static_cast<std::int64_t>(st.st_nlink)),
                             make_integer(p, static_cast<std::int64_t>(major(st.st_dev))),
                             make_integer(p, static_cast<std::int64_t>(minor(st.st_dev))),
                             make_integer(p, static_cast<std::int64_t>(st.st_ino)),
                             make_integer(p, static_cast<std::int64_t>(st.st_uid)),
                             make_integer(p, static_cast<std::int64_t>(st.st_gid))});
  return make_tuple(p, {atoms::ok, info});
}

constexpr BifSpec kFileBifs[] = {
    {"file", "read_file", 1, bif_read_file, false},
    {"file", "write_file", 2, bif_write_file, false},
    {"file", "delete", 1, bif_delete, false},
    {"file", "make_dir", 1, bif_make_dir, false},
    {"file", "del_dir", 1, bif_del_dir, false},
    {"file", "list_dir", 1, bif_list_dir, false},
    {"file", "read_file_info", 1, bif_read_file_info, false},
};

}  // namespace

std::span<const BifSpec> bifs_file() { return kFileBifs; }

}  // namespace girder::vm

// The girder_file module: the BIFs under stdlib/file.erl (and girder_io.erl
// for standard input). They check and convert their arguments and hand the
// work to the FileService (vm/io/file.h), which runs it on the I/O loop:
// most return a reference, and the result follows as {file_reply, Ref,
// Result}, which file.erl waits for. So no scheduler thread blocks on the
// file system; the one exception is get_cwd/0 (getcwd(2) copies a path the
// kernel keeps in memory and never touches a disk).
//
// Open files are integers here (handle ids); file.erl wraps them in
// #file_descriptor{module = girder_file, data = Id}.
//
// Errors: a malformed argument raises badarg (file.erl turns that into
// {error, badarg} where OTP does); file system errors are OTP's
// {error, Posix} with the errno's lowercase name.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/io/file.h"
#include "vm/term/build.h"
#include "vm/term/utf8.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

// A file name: an atom, a binary (bytes as they are), or a deep list of
// characters, atoms and binaries; characters are encoded as UTF-8 (the
// native name encoding). No NUL inside.
bool append_name(const AtomTable& atoms, Term t, std::string& out, int depth) {
  if (depth > 100) return false;
  if (t.is_atom()) {
    out += atoms.name(t);
    return true;
  }
  if (t.is_bitstring()) {
    BitView v = bit_view(t);
    if (!v.byte_aligned()) return false;
    out.append(reinterpret_cast<const char*>(v.data), v.byte_size());
    return true;
  }
  for (; t.is_list(); t = t.tail()) {
    Term h = t.head();
    if (h.is_small()) {
      SWord c = h.small_value();
      if (!utf8::valid_code_point(c)) return false;
      utf8::append(out, static_cast<std::uint32_t>(c));
    } else if (!append_name(atoms, h, out, depth + 1)) {
      return false;
    }
  }
  return t.is_nil();
}

bool file_name(Process& p, Term t, std::string& out) {
  out.clear();
  if (!append_name(p.vm().atoms(), t, out, 0)) return false;
  return out.find('\0') == std::string::npos;
}

bool handle_id(Term t, Word& id) {
  if (!t.is_small() || t.small_value() <= 0) return false;
  id = static_cast<Word>(t.small_value());
  return true;
}

bool non_neg(Term t, std::int64_t& out) {
  if (!t.is_small() || t.small_value() < 0) return false;
  out = t.small_value();
  return true;
}

FileService& files(Process& p) { return p.vm().files(); }

// --- paths -------------------------------------------------------------------

// girder_file:open(Name, Modes): Modes as file.erl normalised them: read,
// write, append, exclusive, binary, sync, {read_ahead, Size},
// {delayed_write, Size}.
Term bif_open(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  bool read = false, write = false, append = false, exclusive = false, sync = false;
  FileOpenMode mode;
  for (Term l = a[1]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term m = l.head();
    if (m == atoms::read) read = true;
    else if (m == atoms::write) write = true;
    else if (m == atoms::append) append = true;
    else if (m == atoms::exclusive) exclusive = true;
    else if (m == atoms::binary) mode.binary = true;
    else if (m == atoms::sync) sync = true;
    else if (m.is_tuple() && m.tuple_arity() == 2 && m.element(0) == atoms::read_ahead && m.element(1).is_small() &&
             m.element(1).small_value() >= 0)
      mode.read_ahead = static_cast<std::size_t>(std::min<SWord>(m.element(1).small_value(), 1 << 26));
    else if (m.is_tuple() && m.tuple_arity() == 2 && m.element(0) == atoms::delayed_write &&
             m.element(1).is_small() && m.element(1).small_value() > 0)
      mode.delayed_size = static_cast<std::size_t>(std::min<SWord>(m.element(1).small_value(), 1 << 26));
    else return p.badarg();
  }
  // OTP's modes: write truncates unless read is given too; append writes
  // at the end; either creates the file; exclusive fails if it exists.
  if (append) write = true;
  if (!read && !write) read = true;
  int flags = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (write) flags |= O_CREAT;
  if (write && !read && !append) flags |= O_TRUNC;
  if (append) flags |= O_APPEND;
  if (exclusive) flags |= O_CREAT | O_EXCL;
  if (sync) flags |= O_SYNC;
  mode.flags = flags;
  mode.append = append;
  return files(p).open(p, std::move(name), mode);
}

Term bif_read_file(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  return files(p).read_file(p, std::move(name));
}

// girder_file:write_file(Name, Data, Modes): Modes among append, exclusive,
// sync (write and binary are implied).
Term bif_write_file(Process& p, const Term* a) {
  std::string name, data;
  if (!file_name(p, a[0], name) || !iodata_bytes(a[1], data)) return p.badarg();
  int flags = O_WRONLY | O_CREAT;
  bool append = false;
  for (Term l = a[2]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term m = l.head();
    if (m == atoms::append) append = true;
    else if (m == atoms::exclusive) flags |= O_EXCL;
    else if (m == atoms::sync) flags |= O_SYNC;
    else if (m != atoms::write && m != atoms::binary && m != atoms::raw) return p.badarg();
  }
  flags |= append ? O_APPEND : O_TRUNC;
  p.charge(data.size() / 64);
  return files(p).write_file(p, std::move(name), std::move(data), flags);
}

// girder_file:read_file_info(Name, FollowLinks, Time)
Term bif_read_file_info(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name) || !a[1].is_atom()) return p.badarg();
  FileTime time;
  if (a[2] == atoms::local) time = FileTime::Local;
  else if (a[2] == atoms::universal) time = FileTime::Universal;
  else if (a[2] == atoms::posix) time = FileTime::Posix;
  else return p.badarg();
  return files(p).read_info(p, std::move(name), a[1] == kTrue, time);
}

// girder_file:list_dir(Name, All)
Term bif_list_dir(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  return files(p).list_dir(p, std::move(name), a[1] == kTrue);
}

Term path1(Process& p, const Term* a, PathOp op) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  return files(p).path_op(p, op, std::move(name));
}

Term path2(Process& p, const Term* a, PathOp op) {
  std::string from, to;
  if (!file_name(p, a[0], from) || !file_name(p, a[1], to)) return p.badarg();
  return files(p).path_op(p, op, std::move(from), std::move(to));
}

Term bif_make_dir(Process& p, const Term* a) { return path1(p, a, PathOp::MakeDir); }
Term bif_del_dir(Process& p, const Term* a) { return path1(p, a, PathOp::DelDir); }
Term bif_delete(Process& p, const Term* a) { return path1(p, a, PathOp::Delete); }
Term bif_read_link(Process& p, const Term* a) { return path1(p, a, PathOp::ReadLink); }
Term bif_rename(Process& p, const Term* a) { return path2(p, a, PathOp::Rename); }
Term bif_make_symlink(Process& p, const Term* a) { return path2(p, a, PathOp::MakeSymlink); }
Term bif_make_link(Process& p, const Term* a) { return path2(p, a, PathOp::MakeLink); }

Term bif_change_mode(Process& p, const Term* a) {
  std::string name;
  std::int64_t mode;
  if (!file_name(p, a[0], name) || !non_neg(a[1], mode) || mode > 07777) return p.badarg();
  return files(p).path_op(p, PathOp::ChangeMode, std::move(name), {}, mode);
}

// girder_file:change_owner(Name, Uid, Gid): -1 leaves one unchanged.
Term bif_change_owner(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name) || !a[1].is_small() || !a[2].is_small()) return p.badarg();
  return files(p).path_op(p, PathOp::ChangeOwner, std::move(name), {}, a[1].small_value(), a[2].small_value());
}

// girder_file:change_time(Name, Atime, Mtime): seconds since the epoch.
Term bif_change_time(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name) || !a[1].is_small() || !a[2].is_small()) return p.badarg();
  return files(p).path_op(p, PathOp::ChangeTime, std::move(name), {}, a[1].small_value(), a[2].small_value());
}

Term bif_get_cwd(Process& p, const Term*) {
  std::string buf(PATH_MAX, '\0');
  if (::getcwd(buf.data(), buf.size()) == nullptr) {
    return make_tuple(p, {atoms::error, p.vm().atoms().intern(errno == EACCES ? "eacces" : "enoent")});
  }
  buf.resize(std::char_traits<char>::length(buf.c_str()));
  return make_tuple(p, {atoms::ok, make_string(p, buf)});
}

Term bif_set_cwd(Process& p, const Term* a) {
  std::string name;
  if (!file_name(p, a[0], name)) return p.badarg();
  return files(p).set_cwd(p, std::move(name));
}

// --- open files --------------------------------------------------------------

// The caller's handle for a[0], or nullptr with *r the answer to return.
std::shared_ptr<FileHandle> handle(Process& p, const Term* a, Term* r) {
  Word id;
  if (!handle_id(a[0], id)) {
    *r = p.badarg();
    return nullptr;
  }
  return files(p).owned(p, id, r);
}

Term bif_read(Process& p, const Term* a) {
  Term r;
  std::int64_t n;
  if (!non_neg(a[1], n)) return p.badarg();
  auto h = handle(p, a, &r);
  return h ? files(p).read(p, h, static_cast<std::size_t>(n)) : r;
}

Term bif_read_line(Process& p, const Term* a) {
  Term r;
  auto h = handle(p, a, &r);
  return h ? files(p).read_line(p, h) : r;
}

Term bif_write(Process& p, const Term* a) {
  std::string data;
  if (!iodata_bytes(a[1], data)) return p.badarg();
  Term r;
  auto h = handle(p, a, &r);
  if (!h) return r;
  p.charge(data.size() / 64);
  return files(p).write(p, h, std::move(data));
}

// girder_file:pread(Id, Pos, Size) and pread(Id, [{Pos, Size}])
Term bif_pread3(Process& p, const Term* a) {
  std::int64_t at, n;
  if (!non_neg(a[1], at) || !non_neg(a[2], n)) return p.badarg();
  Term r;
  auto h = handle(p, a, &r);
  if (!h) return r;
  return files(p).pread(p, h, {{at, static_cast<std::size_t>(n)}}, false);
}

Term bif_pread2(Process& p, const Term* a) {
  std::vector<std::pair<std::int64_t, std::size_t>> ranges;
  for (Term l = a[1]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term e = l.head();
    std::int64_t at, n;
    if (!e.is_tuple() || e.tuple_arity() != 2 || !non_neg(e.element(0), at) || !non_neg(e.element(1), n)) {
      return p.badarg();
    }
    ranges.emplace_back(at, static_cast<std::size_t>(n));
  }
  Term r;
  auto h = handle(p, a, &r);
  if (!h) return r;
  return files(p).pread(p, h, std::move(ranges), true);
}

Term bif_pwrite3(Process& p, const Term* a) {
  std::int64_t at;
  std::string data;
  if (!non_neg(a[1], at) || !iodata_bytes(a[2], data)) return p.badarg();
  Term r;
  auto h = handle(p, a, &r);
  if (!h) return r;
  p.charge(data.size() / 64);
  std::vector<std::pair<std::int64_t, std::string>> chunks;
  chunks.emplace_back(at, std::move(data));
  return files(p).pwrite(p, h, std::move(chunks), false);
}

Term bif_pwrite2(Process& p, const Term* a) {
  std::vector<std::pair<std::int64_t, std::string>> chunks;
  for (Term l = a[1]; !l.is_nil(); l = l.tail()) {
    if (!l.is_list()) return p.badarg();
    Term e = l.head();
    std::int64_t at;
    std::string data;
    if (!e.is_tuple() || e.tuple_arity() != 2 || !non_neg(e.element(0), at) || !iodata_bytes(e.element(1), data)) {
      return p.badarg();
    }
    p.charge(data.size() / 64);
    chunks.emplace_back(at, std::move(data));
  }
  Term r;
  auto h = handle(p, a, &r);
  if (!h) return r;
  return files(p).pwrite(p, h, std::move(chunks), true);
}

// girder_file:position(Id, bof | cur | eof, Offset)
Term bif_position(Process& p, const Term* a) {
  int whence;
  if (a[1] == atoms::bof) whence = SEEK_SET;
  else if (a[1] == atoms::cur) whence = SEEK_CUR;
  else if (a[1] == atoms::eof) whence = SEEK_END;
  else return p.badarg();
  if (!a[2].is_small()) return p.badarg();
  Term r;
  auto h = handle(p, a, &r);
  return h ? files(p).position(p, h, whence, a[2].small_value()) : r;
}

Term handle_op(Process& p, const Term* a, FileService::HandleOp op) {
  Term r;
  auto h = handle(p, a, &r);
  return h ? files(p).handle_op(p, h, op) : r;
}

Term bif_truncate(Process& p, const Term* a) { return handle_op(p, a, FileService::HandleOp::Truncate); }
Term bif_sync(Process& p, const Term* a) { return handle_op(p, a, FileService::HandleOp::Sync); }
Term bif_datasync(Process& p, const Term* a) { return handle_op(p, a, FileService::HandleOp::DataSync); }

Term bif_close(Process& p, const Term* a) {
  Term r;
  auto h = handle(p, a, &r);
  return h ? files(p).close(p, h) : r;
}

// girder_file:read_stdin(): the next bytes of standard input (girder_io.erl).
Term bif_read_stdin(Process& p, const Term*) { return files(p).read_stdin(p); }

constexpr BifSpec kFileBifs[] = {
    {"girder_file", "open", 2, bif_open, false},
    {"girder_file", "read_file", 1, bif_read_file, false},
    {"girder_file", "write_file", 3, bif_write_file, false},
    {"girder_file", "read_file_info", 3, bif_read_file_info, false},
    {"girder_file", "list_dir", 2, bif_list_dir, false},
    {"girder_file", "make_dir", 1, bif_make_dir, false},
    {"girder_file", "del_dir", 1, bif_del_dir, false},
    {"girder_file", "delete", 1, bif_delete, false},
    {"girder_file", "rename", 2, bif_rename, false},
    {"girder_file", "read_link", 1, bif_read_link, false},
    {"girder_file", "make_symlink", 2, bif_make_symlink, false},
    {"girder_file", "make_link", 2, bif_make_link, false},
    {"girder_file", "change_mode", 2, bif_change_mode, false},
    {"girder_file", "change_owner", 3, bif_change_owner, false},
    {"girder_file", "change_time", 3, bif_change_time, false},
    {"girder_file", "get_cwd", 0, bif_get_cwd, false},
    {"girder_file", "set_cwd", 1, bif_set_cwd, false},
    {"girder_file", "read", 2, bif_read, false},
    {"girder_file", "read_line", 1, bif_read_line, false},
    {"girder_file", "write", 2, bif_write, false},
    {"girder_file", "pread", 2, bif_pread2, false},
    {"girder_file", "pread", 3, bif_pread3, false},
    {"girder_file", "pwrite", 2, bif_pwrite2, false},
    {"girder_file", "pwrite", 3, bif_pwrite3, false},
    {"girder_file", "position", 3, bif_position, false},
    {"girder_file", "truncate", 1, bif_truncate, false},
    {"girder_file", "sync", 1, bif_sync, false},
    {"girder_file", "datasync", 1, bif_datasync, false},
    {"girder_file", "close", 1, bif_close, false},
    {"girder_file", "read_stdin", 0, bif_read_stdin, false},
};

}  // namespace

std::span<const BifSpec> bifs_file() { return kFileBifs; }

}  // namespace girder::vm

// The crypto module on OpenSSL's libcrypto (EVP API, OpenSSL 3), and
// erlang:md5/1 and its incremental form (on md5.h).
//
// Split: the functions whose arguments OTP 25's crypto passes straight to
// its NIFs are BIFs of module `crypto` here (hash/2, mac/4, crypto_init/4,
// crypto_one_time/5, ...), so they check their arguments and raise OTP's
// errors themselves; stdlib/crypto.erl has the rest (defaults such as
// crypto_init/3, supports/0,1, the rand plugin, functions OTP writes in
// Erlang, and the function_clause cases that come from its clauses).
//
// Errors: OTP's NIFs raise error:{badarg | error, {CFile, Line}, Text}. We
// raise the same shape and texts, naming this file and line instead of
// OTP's C file (tests compare the class, the tag and the text). Errors that
// OTP raises from Erlang (iolist_to_binary on a key) are a plain badarg.
//
// States: hash and cipher contexts are resources (term.h, RefcBinary::
// destroy): binaries whose 8 bytes name the EVP context, freed with the last
// reference. They can be sent, stored in ETS and used from any process; a
// copy of their bytes is not a state (badarg). A hash state is never changed
// once made: hash_update/2 and hash_final/1 work on a copy of its context,
// so an old state stays usable, as on OTP. A cipher state changes in place
// (crypto_update/2 returns only the output, as on OTP), under its mutex.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <cstring>
#include <mutex>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/bif/md5.h"
#include "vm/term/build.h"
#include "vm/term/map.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

using Bytes = std::string_view;

// --- arguments and errors ---------------------------------------------------

// The bytes of iodata: a byte-aligned binary in place, anything else
// flattened into `scratch`. False if `t` is not iodata.
bool iodata_view(Term t, std::string& scratch, Bytes& out) {
  if (t.is_bitstring()) {
    BitView v = bit_view(t);
    if (v.byte_aligned()) {
      out = Bytes(reinterpret_cast<const char*>(v.data), v.bit_size / 8);
      return true;
    }
  }
  if (!iodata_bytes(t, scratch)) return false;
  out = scratch;
  return true;
}

// A binary's bytes (not other iodata).
bool binary_view(Term t, std::string& scratch, Bytes& out) {
  if (!t.is_bitstring() || bit_view(t).bit_size % 8 != 0) return false;
  return iodata_view(t, scratch, out);
}

const unsigned char* uchars(Bytes b) { return reinterpret_cast<const unsigned char*>(b.data()); }

// error:{Tag, {File, Line}, Text}, the shape of OTP's NIF errors.
Term raise(Process& p, Term tag, std::string_view text, const std::source_location& where) {
  std::string_view file = where.file_name();
  if (auto slash = file.rfind('/'); slash != std::string_view::npos) file.remove_prefix(slash + 1);
  Term location = make_tuple(p, {make_string(p, file), Term::small(static_cast<SWord>(where.line()))});
  return p.fail(atoms::error, make_tuple(p, {tag, location, make_string(p, text)}));
}
Term bad(Process& p, std::string_view text, std::source_location where = std::source_location::current()) {
  return raise(p, atoms::badarg, text, where);
}
Term failed(Process& p, std::string_view text, std::source_location where = std::source_location::current()) {
  return raise(p, atoms::error, text, where);
}

Term binary_of(Process& p, const unsigned char* data, std::size_t size) {
  return make_binary(p, Bytes(reinterpret_cast<const char*>(data), size));
}

// Hashing work is charged like erlang:crc32's: one reduction per 256 bytes.
void charge_bytes(Process& p, std::size_t size) { p.charge(size / 256); }

// --- algorithms -------------------------------------------------------------

struct Digest {
  Term name;
  const EVP_MD* (*md)();
  const char* mac_name;  // the digest's name for EVP_Q_mac
  bool pbkdf2;           // allowed in pbkdf2_hmac/5 (OTP 25: SHA-1 and SHA-2)
};
const Digest kDigests[] = {
    {atoms::md5, EVP_md5, "MD5", false},
    {atoms::sha, EVP_sha1, "SHA1", true},
    {atoms::sha224, EVP_sha224, "SHA224", true},
    {atoms::sha256, EVP_sha256, "SHA256", true},
    {atoms::sha384, EVP_sha384, "SHA384", true},
    {atoms::sha512, EVP_sha512, "SHA512", true},
    {atoms::sha3_224, EVP_sha3_224, "SHA3-224", false},
    {atoms::sha3_256, EVP_sha3_256, "SHA3-256", false},
    {atoms::sha3_384, EVP_sha3_384, "SHA3-384", false},
    {atoms::sha3_512, EVP_sha3_512, "SHA3-512", false},
    {atoms::ripemd160, EVP_ripemd160, "RIPEMD160", false},
    {atoms::blake2b, EVP_blake2b512, "BLAKE2B-512", false},
    {atoms::blake2s, EVP_blake2s256, "BLAKE2S-256", false},
};
const Digest* find_digest(Term name) {
  for (const Digest& d : kDigests) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

struct Cipher {
  Term name;
  const EVP_CIPHER* (*evp)();
  Term mode;
  bool aead;
  const char* cmac_name;  // the AES block cipher CMAC runs (ECB and CBC only)
};
const Cipher kCiphers[] = {
    {atoms::aes_128_ctr, EVP_aes_128_ctr, atoms::ctr_mode, false, nullptr},
    {atoms::aes_192_ctr, EVP_aes_192_ctr, atoms::ctr_mode, false, nullptr},
    {atoms::aes_256_ctr, EVP_aes_256_ctr, atoms::ctr_mode, false, nullptr},
    {atoms::aes_128_cbc, EVP_aes_128_cbc, atoms::cbc_mode, false, "AES-128-CBC"},
    {atoms::aes_192_cbc, EVP_aes_192_cbc, atoms::cbc_mode, false, "AES-192-CBC"},
    {atoms::aes_256_cbc, EVP_aes_256_cbc, atoms::cbc_mode, false, "AES-256-CBC"},
    {atoms::aes_128_ecb, EVP_aes_128_ecb, atoms::ecb_mode, false, "AES-128-CBC"},
    {atoms::aes_192_ecb, EVP_aes_192_ecb, atoms::ecb_mode, false, "AES-192-CBC"},
    {atoms::aes_256_ecb, EVP_aes_256_ecb, atoms::ecb_mode, false, "AES-256-CBC"},
    {atoms::aes_128_gcm, EVP_aes_128_gcm, atoms::gcm_mode, true, nullptr},
    {atoms::aes_192_gcm, EVP_aes_192_gcm, atoms::gcm_mode, true, nullptr},
    {atoms::aes_256_gcm, EVP_aes_256_gcm, atoms::gcm_mode, true, nullptr},
    {atoms::chacha20, EVP_chacha20, atoms::stream_cipher, false, nullptr},
    {atoms::chacha20_poly1305, EVP_chacha20_poly1305, atoms::stream_cipher, true, nullptr},
};
// aes_cbc and the like: the AES variant follows the key's length.
struct Alias {
  Term name;
  Term by_key_bytes[3];  // 16, 24, 32
};
const Alias kAliases[] = {
    {atoms::aes_ctr, {atoms::aes_128_ctr, atoms::aes_192_ctr, atoms::aes_256_ctr}},
    {atoms::aes_cbc, {atoms::aes_128_cbc, atoms::aes_192_cbc, atoms::aes_256_cbc}},
    {atoms::aes_ecb, {atoms::aes_128_ecb, atoms::aes_192_ecb, atoms::aes_256_ecb}},
    {atoms::aes_gcm, {atoms::aes_128_gcm, atoms::aes_192_gcm, atoms::aes_256_gcm}},
};
// The cipher `name` means for a key of `key_size` bytes (an alias with a key
// of no AES size means its 128-bit variant, which then refuses the key).
const Cipher* find_cipher(Term name, std::size_t key_size = 16) {
  for (const Alias& a : kAliases) {
    if (a.name == name) name = a.by_key_bytes[key_size == 24 ? 1 : key_size == 32 ? 2 : 0];
  }
  for (const Cipher& c : kCiphers) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// --- resources --------------------------------------------------------------

// A resource whose bytes are the pointer `ptr`.
Term pointer_resource(Process& p, void* ptr, void (*destroy)(RefcBinary*)) {
  unsigned char* data;
  Term t = make_resource(p, sizeof ptr, destroy, &data);
  std::memcpy(data, &ptr, sizeof ptr);
  return t;
}
template <typename T>
T* resource_pointer(Term t, void (*destroy)(RefcBinary*)) {
  RefcBinary* bin = resource_of(t, destroy);
  if (bin == nullptr) return nullptr;
  T* ptr;
  std::memcpy(&ptr, bin->data(), sizeof ptr);
  return ptr;
}

void destroy_digest(RefcBinary* bin) {
  EVP_MD_CTX* ctx;
  std::memcpy(&ctx, bin->data(), sizeof ctx);
  EVP_MD_CTX_free(ctx);
}

// --- hashes -----------------------------------------------------------------

Term digest_of(Process& p, const Digest& d, Bytes data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  charge_bytes(p, data.size());
  if (EVP_Digest(data.data(), data.size(), out, &size, d.md(), nullptr) != 1) return failed(p, "Low-level call failed");
  return binary_of(p, out, size);
}

Term bif_hash(Process& p, const Term* a) {
  std::string scratch;
  Bytes data;
  if (!iodata_view(a[1], scratch, data)) return p.badarg();
  const Digest* d = find_digest(a[0]);
  if (d == nullptr) return bad(p, "Bad digest type");
  return digest_of(p, *d, data);
}

Term bif_hash_init(Process& p, const Term* a) {
  const Digest* d = find_digest(a[0]);
  if (d == nullptr) return bad(p, "Bad digest type");
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr || EVP_DigestInit_ex(ctx, d->md(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return failed(p, "Low-level call failed");
  }
  return pointer_resource(p, ctx, destroy_digest);
}

// A fresh copy of a hash state's context (the state itself never changes).
EVP_MD_CTX* copy_digest(const EVP_MD_CTX* from) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx != nullptr && EVP_MD_CTX_copy_ex(ctx, from) == 1) return ctx;
  EVP_MD_CTX_free(ctx);
  return nullptr;
}

Term bif_hash_update(Process& p, const Term* a) {
  std::string scratch;
  Bytes data;
  if (!iodata_view(a[1], scratch, data)) return p.badarg();
  auto* from = resource_pointer<EVP_MD_CTX>(a[0], destroy_digest);
  if (from == nullptr) return bad(p, "Bad state");
  EVP_MD_CTX* ctx = copy_digest(from);
  if (ctx == nullptr || EVP_DigestUpdate(ctx, data.data(), data.size()) != 1) {
    EVP_MD_CTX_free(ctx);
    return failed(p, "Low-level call failed");
  }
  charge_bytes(p, data.size());
  return pointer_resource(p, ctx, destroy_digest);
}

Term bif_hash_final(Process& p, const Term* a) {
  auto* from = resource_pointer<EVP_MD_CTX>(a[0], destroy_digest);
  if (from == nullptr) return bad(p, "Bad state");
  EVP_MD_CTX* ctx = copy_digest(from);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  bool ok = ctx != nullptr && EVP_DigestFinal_ex(ctx, out, &size) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return failed(p, "Low-level call failed");
  return binary_of(p, out, size);
}

Term bif_hash_info(Process& p, const Term* a) {
  const Digest* d = find_digest(a[0]);
  if (d == nullptr) return p.badarg();
  const EVP_MD* md = d->md();
  Term keys[] = {atoms::block_size, atoms::size, atoms::type};
  Term values[] = {Term::small(EVP_MD_get_block_size(md)), Term::small(EVP_MD_get_size(md)),
                   Term::small(EVP_MD_get_type(md))};
  return map_from_pairs(p, keys, values);
}

// --- MACs and key derivation ------------------------------------------------

Term mac_of(Process& p, const char* mac, const char* sub, Bytes key, Bytes data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t size = 0;
  charge_bytes(p, data.size());
  if (EVP_Q_mac(nullptr, mac, nullptr, sub, nullptr, key.data(), key.size(), uchars(data), data.size(), out,
                sizeof out, &size) == nullptr) {
    return failed(p, "Low-level call failed");
  }
  return binary_of(p, out, size);
}

// mac(Type, SubType, Key, Data): hmac with a digest, cmac with an AES
// cipher, poly1305 (SubType ignored; crypto:mac/3 passes undefined).
Term bif_mac(Process& p, const Term* a) {
  std::string key_scratch, data_scratch;
  Bytes key, data;
  if (!iodata_view(a[2], key_scratch, key)) return p.badarg();
  if (!iodata_view(a[3], data_scratch, data)) return bad(p, "Bad text");
  if (a[0] == atoms::hmac) {
    const Digest* d = find_digest(a[1]);
    if (d == nullptr) return bad(p, "Bad digest algorithm for HMAC");
    return mac_of(p, "HMAC", d->mac_name, key, data);
  }
  if (a[0] == atoms::cmac) {
    const Cipher* c = find_cipher(a[1], key.size());
    if (c == nullptr || c->cmac_name == nullptr) return bad(p, "Unknown cipher");
    if (key.size() != static_cast<std::size_t>(EVP_CIPHER_get_key_length(c->evp()))) return bad(p, "Bad key size");
    return mac_of(p, "CMAC", c->cmac_name, key, data);
  }
  if (a[0] == atoms::poly1305) {
    if (key.size() != 32) return bad(p, "Bad key length");
    return mac_of(p, "POLY1305", nullptr, key, data);
  }
  return bad(p, "Unknown mac algorithm");
}

// A positive count for pbkdf2_hmac/5: "Not integer" unless a non-negative
// integer, "Must be > 0" for 0.
bool pbkdf2_count(Process& p, Term t, std::uint64_t& out, std::source_location where) {
  if (!t.is_small() || t.small_value() < 0) {
    raise(p, atoms::badarg, "Not integer", where);
    return false;
  }
  if (t.small_value() == 0) {
    raise(p, atoms::badarg, "Must be > 0", where);
    return false;
  }
  out = static_cast<std::uint64_t>(t.small_value());
  return true;
}

Term bif_pbkdf2_hmac(Process& p, const Term* a) {
  const Digest* d = find_digest(a[0]);
  if (d == nullptr) return bad(p, "Bad digest type");
  if (!d->pbkdf2) return bad(p, "Not eligible digest type");
  std::string pass_scratch, salt_scratch;
  Bytes pass, salt;
  if (!binary_view(a[1], pass_scratch, pass)) return bad(p, "Not binary");
  if (!binary_view(a[2], salt_scratch, salt)) return bad(p, "Not binary");
  std::uint64_t iterations, key_size;
  if (!pbkdf2_count(p, a[3], iterations, std::source_location::current())) return kNonValue;
  if (!pbkdf2_count(p, a[4], key_size, std::source_location::current())) return kNonValue;
  if (iterations > INT_MAX || key_size > INT_MAX || pass.size() > INT_MAX || salt.size() > INT_MAX) {
    return failed(p, "Low-level call failed");
  }
  std::vector<unsigned char> out(key_size);
  p.charge(iterations * ((key_size + 31) / 32) / 64);
  if (PKCS5_PBKDF2_HMAC(pass.data(), static_cast<int>(pass.size()), uchars(salt), static_cast<int>(salt.size()),
                        static_cast<int>(iterations), d->md(), static_cast<int>(key_size), out.data()) != 1) {
    return failed(p, "Low-level call failed");
  }
  return binary_of(p, out.data(), out.size());
}

// --- ciphers ----------------------------------------------------------------

enum class Padding { Undefined, None, Pkcs, Zero, Random };

struct CipherOptions {
  bool encrypt = true;
  Padding padding = Padding::Undefined;
};

// Options: true | false | [{encrypt, boolean()} | {padding, Padding}].
// False after raising OTP's error for the first thing wrong.
bool parse_options(Process& p, Term opts, CipherOptions& out) {
  if (opts == kTrue || opts == kFalse) {
    out.encrypt = opts == kTrue;
    return true;
  }
  if (list_length(opts) < 0) {
    bad(p, "Options are not a boolean or a proper list");
    return false;
  }
  bool seen_encrypt = false, seen_padding = false;
  for (Term l = opts; l.is_list(); l = l.tail()) {
    Term e = l.head();
    if (!e.is_tuple() || header_arity(e.header()) != 2) {
      bad(p, "Options must be a property list!");
      return false;
    }
    Term key = Term::from_raw(e.box_ptr()[1]), value = Term::from_raw(e.box_ptr()[2]);
    if (key == atoms::encrypt) {
      if (seen_encrypt) {
        bad(p, "'encrypt' option is present more than once!");
        return false;
      }
      if (value != kTrue && value != kFalse) {
        bad(p, "The 'encrypt' option must be a boolean!");
        return false;
      }
      seen_encrypt = true;
      out.encrypt = value == kTrue;
    } else if (key == atoms::padding) {
      if (seen_padding) {
        bad(p, "The 'padding' option is present more than once!");
        return false;
      }
      seen_padding = true;
      if (value == atoms::none) out.padding = Padding::None;
      else if (value == atoms::pkcs_padding) out.padding = Padding::Pkcs;
      else if (value == atoms::zero) out.padding = Padding::Zero;
      else if (value == atoms::random) out.padding = Padding::Random;
      else if (value == atoms::undefined) out.padding = Padding::Undefined;
      else {
        bad(p, "Bad 'padding' option value");
        return false;
      }
    } else {
      bad(p, "Bad tag in option: " + print_term(p.vm(), key));
      return false;
    }
  }
  return true;
}

// One cipher context. Padding other than PKCS#7 is ours: EVP's is off and
// `pending` (bytes given modulo the block size) says what final must add.
struct CipherState {
  std::mutex lock;  // a state may be shared between processes
  EVP_CIPHER_CTX* ctx = nullptr;
  CipherOptions options;
  std::size_t block_size = 1;
  std::size_t pending = 0;
  ~CipherState() { EVP_CIPHER_CTX_free(ctx); }
};

void destroy_cipher(RefcBinary* bin) {
  CipherState* s;
  std::memcpy(&s, bin->data(), sizeof s);
  delete s;
}

// crypto_init's checks after the options, in OTP's order: key, cipher, key
// size, AEAD (they need crypto_one_time_aead), IV. Null after raising.
std::unique_ptr<CipherState> init_cipher(Process& p, Term name, Term key_term, Term iv_term,
                                         const CipherOptions& options) {
  std::string key_scratch, iv_scratch;
  Bytes key, iv;
  if (!iodata_view(key_term, key_scratch, key)) return bad(p, "Bad key"), nullptr;
  const Cipher* c = find_cipher(name, key.size());
  if (c == nullptr) return bad(p, "Unknown cipher"), nullptr;
  const EVP_CIPHER* evp = c->evp();
  if (key.size() != static_cast<std::size_t>(EVP_CIPHER_get_key_length(evp))) return bad(p, "Bad key size"), nullptr;
  if (c->aead) return bad(p, "Missing arguments for this cipher"), nullptr;
  auto iv_size = static_cast<std::size_t>(EVP_CIPHER_get_iv_length(evp));
  if (iv_size > 0) {
    if (!iodata_view(iv_term, iv_scratch, iv)) return bad(p, "Bad iv type"), nullptr;
    if (iv.size() != iv_size) return bad(p, "Bad iv size"), nullptr;
  }
  auto s = std::make_unique<CipherState>();
  s->options = options;
  s->block_size = static_cast<std::size_t>(EVP_CIPHER_get_block_size(evp));
  s->ctx = EVP_CIPHER_CTX_new();
  if (s->ctx == nullptr ||
      EVP_CipherInit_ex(s->ctx, evp, nullptr, uchars(key), iv_size > 0 ? uchars(iv) : nullptr, options.encrypt) != 1) {
    return failed(p, "Can't initialize context"), nullptr;
  }
  EVP_CIPHER_CTX_set_padding(s->ctx, options.padding == Padding::Pkcs ? 1 : 0);
  return s;
}

// Appends the output for `in` to `out`. False after raising.
bool cipher_update(Process& p, CipherState& s, Bytes in, std::vector<unsigned char>& out) {
  std::size_t at = out.size();
  if (in.size() > INT_MAX / 2) return p.badarg(), false;
  out.resize(at + in.size() + s.block_size);
  int size = 0;
  if (EVP_CipherUpdate(s.ctx, out.data() + at, &size, uchars(in), static_cast<int>(in.size())) != 1) {
    out.resize(at);
    return failed(p, "Can't update"), false;
  }
  out.resize(at + static_cast<std::size_t>(size));
  s.pending = (s.pending + in.size()) % s.block_size;
  charge_bytes(p, in.size());
  return true;
}

// Appends the last output to `out`. With padding undefined a failure is
// no output (OTP 25 does so); with an explicit padding it is an error.
bool cipher_final(Process& p, CipherState& s, std::vector<unsigned char>& out) {
  const CipherOptions& o = s.options;
  if (o.encrypt && s.pending != 0) {
    if (o.padding == Padding::None) return failed(p, "Padding 'none' but unfilled last block"), false;
    if (o.padding == Padding::Zero || o.padding == Padding::Random) {
      std::vector<unsigned char> pad(s.block_size - s.pending, 0);
      if (o.padding == Padding::Random && RAND_bytes(pad.data(), static_cast<int>(pad.size())) != 1) {
        return failed(p, "Can't finalize"), false;
      }
      if (!cipher_update(p, s, Bytes(reinterpret_cast<const char*>(pad.data()), pad.size()), out)) return false;
    }
  }
  s.pending = 0;
  std::size_t at = out.size();
  out.resize(at + s.block_size);
  int size = 0;
  if (EVP_CipherFinal_ex(s.ctx, out.data() + at, &size) != 1) {
    out.resize(at);
    if (o.padding == Padding::Undefined) return true;
    return failed(p, "Can't finalize"), false;
  }
  out.resize(at + static_cast<std::size_t>(size));
  return true;
}

Term bytes_term(Process& p, const std::vector<unsigned char>& v) { return binary_of(p, v.data(), v.size()); }

// crypto_init(Cipher, Key, IV, FlagOrOptions)
Term bif_crypto_init(Process& p, const Term* a) {
  CipherOptions options;
  if (!parse_options(p, a[3], options)) return kNonValue;
  std::unique_ptr<CipherState> s = init_cipher(p, a[0], a[1], a[2], options);
  if (s == nullptr) return kNonValue;
  return pointer_resource(p, s.release(), destroy_cipher);
}

Term bif_crypto_update(Process& p, const Term* a) {
  auto* s = resource_pointer<CipherState>(a[0], destroy_cipher);
  if (s == nullptr) return bad(p, "Bad State");
  std::string scratch;
  Bytes in;
  if (!iodata_view(a[1], scratch, in)) return bad(p, "expected binary");
  std::vector<unsigned char> out;
  std::lock_guard guard(s->lock);
  if (!cipher_update(p, *s, in, out)) return kNonValue;
  return bytes_term(p, out);
}

Term bif_crypto_final(Process& p, const Term* a) {
  auto* s = resource_pointer<CipherState>(a[0], destroy_cipher);
  if (s == nullptr) return bad(p, "Bad State");
  std::vector<unsigned char> out;
  std::lock_guard guard(s->lock);
  if (!cipher_final(p, *s, out)) return kNonValue;
  return bytes_term(p, out);
}

// crypto_one_time(Cipher, Key, IV, Data, FlagOrOptions): the data is
// checked first, as on OTP.
Term bif_crypto_one_time(Process& p, const Term* a) {
  std::string scratch;
  Bytes in;
  if (!iodata_view(a[3], scratch, in)) return bad(p, "expected binary as data");
  CipherOptions options;
  if (!parse_options(p, a[4], options)) return kNonValue;
  std::unique_ptr<CipherState> s = init_cipher(p, a[0], a[1], a[2], options);
  if (s == nullptr) return kNonValue;
  std::vector<unsigned char> out;
  if (!cipher_update(p, *s, in, out) || !cipher_final(p, *s, out)) return kNonValue;
  return bytes_term(p, out);
}

// crypto_one_time_aead(Cipher, Key, IV, In, AAD, TagLength | Tag, Encrypt):
// {Out, Tag} when encrypting; Out, or the atom error when the tag does not
// match, when decrypting.
Term bif_crypto_one_time_aead(Process& p, const Term* a) {
  const Cipher* named = find_cipher(a[0]);
  if (named != nullptr && !named->aead) {
    return p.fail(atoms::error, make_tuple(p, {atoms::badarg, make_string(p, "Not an AEAD cipher")}));
  }
  if (a[6] != kTrue && a[6] != kFalse) return bad(p, "Bad enc flag");
  bool encrypt = a[6] == kTrue;
  std::string scratch[5];
  Bytes key, iv, in, aad, tag;
  if (!iodata_view(a[1], scratch[0], key)) return bad(p, "non-binary key");
  if (!iodata_view(a[2], scratch[1], iv)) return bad(p, "non-binary iv");
  if (!iodata_view(a[3], scratch[2], in)) return bad(p, "non-binary text");
  if (!iodata_view(a[4], scratch[3], aad)) return bad(p, "non-binary AAD");
  std::size_t tag_size = 0;
  if (encrypt) {
    if (!a[5].is_small() || a[5].small_value() < 0 || a[5].small_value() > 0xFFFF) return bad(p, "Bad Tag length");
    tag_size = static_cast<std::size_t>(a[5].small_value());
  } else if (!iodata_view(a[5], scratch[4], tag)) {
    return bad(p, "non-binary Tag");
  }
  const Cipher* c = find_cipher(a[0], key.size());
  if (c == nullptr || !c->aead ||
      key.size() != static_cast<std::size_t>(EVP_CIPHER_get_key_length(c->evp()))) {
    return bad(p, "Unknown cipher or invalid key size");
  }
  if (in.size() > INT_MAX / 2 || aad.size() > INT_MAX) return p.badarg();
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (ctx == nullptr || EVP_CipherInit_ex(ctx.get(), c->evp(), nullptr, nullptr, nullptr, encrypt) != 1) {
    return failed(p, "Can't initialize context");
  }
  // ChaCha20-Poly1305 takes only its 96-bit nonce in OTP 25.
  bool iv_ok = c->name == atoms::chacha20_poly1305 ? iv.size() == 12 : !iv.empty();
  if (!iv_ok || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(iv.size()), nullptr) != 1) {
    return bad(p, "Bad IV length");
  }
  if (EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, uchars(key), uchars(iv), encrypt) != 1) {
    return failed(p, "Can't initialize key or IV");
  }
  if (!encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                                      const_cast<char*>(tag.data())) != 1) {
    return atoms::error;
  }
  int size = 0;
  if (!aad.empty() &&
      EVP_CipherUpdate(ctx.get(), nullptr, &size, uchars(aad), static_cast<int>(aad.size())) != 1) {
    return failed(p, "Can't set AAD");
  }
  std::vector<unsigned char> out(in.size() + 16);
  if (EVP_CipherUpdate(ctx.get(), out.data(), &size, uchars(in), static_cast<int>(in.size())) != 1) {
    return failed(p, "Can't update");
  }
  int last = 0;
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + size, &last) != 1) {
    if (!encrypt) return atoms::error;
    return failed(p, "Can't finalize");
  }
  out.resize(static_cast<std::size_t>(size + last));
  charge_bytes(p, in.size() + aad.size());
  if (!encrypt) return bytes_term(p, out);
  std::vector<unsigned char> tag_out(tag_size);
  if (tag_size == 0 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag_size), tag_out.data()) != 1) {
    return failed(p, "Can't get Tag");
  }
  return make_tuple(p, {bytes_term(p, out), bytes_term(p, tag_out)});
}

Term bif_cipher_info(Process& p, const Term* a) {
  const Cipher* c = find_cipher(a[0]);
  if (c == nullptr) return p.badarg();
  const EVP_CIPHER* evp = c->evp();
  int nid = EVP_CIPHER_get_type(evp);
  Term keys[] = {atoms::block_size, atoms::iv_length, atoms::key_length, atoms::mode, atoms::prop_aead, atoms::type};
  Term values[] = {Term::small(EVP_CIPHER_get_block_size(evp)),
                   Term::small(EVP_CIPHER_get_iv_length(evp)),
                   Term::small(EVP_CIPHER_get_key_length(evp)),
                   c->mode,
                   make_bool(c->aead),
                   nid == NID_undef ? atoms::undefined : Term::small(nid)};
  return map_from_pairs(p, keys, values);
}

// --- random bytes and odds and ends -----------------------------------------

Term bif_strong_rand_bytes(Process& p, const Term* a) {
  if (!a[0].is_small() || a[0].small_value() < 0 || a[0].small_value() > INT_MAX) return p.badarg();
  auto size = static_cast<std::size_t>(a[0].small_value());
  unsigned char* data;
  Term bin = make_binary_uninit(p, size, &data);
  if (size > 0 && RAND_bytes(data, static_cast<int>(size)) != 1) {
    return p.fail(atoms::error, p.vm().atoms().intern("low_entropy"));
  }
  charge_bytes(p, size);
  return bin;
}

// crypto:rand_seed/1 (stdlib/crypto.erl checks the binary): mixes the
// bytes into OpenSSL's generator.
Term bif_rand_seed_nif(Process& p, const Term* a) {
  std::string scratch;
  Bytes seed;
  if (!binary_view(a[0], scratch, seed) || seed.size() > INT_MAX) return p.badarg();
  RAND_seed(seed.data(), static_cast<int>(seed.size()));
  return atoms::ok;
}

Term bif_exor(Process& p, const Term* a) {
  std::string sa, sb;
  Bytes x, y;
  if (!iodata_view(a[0], sa, x) || !iodata_view(a[1], sb, y) || x.size() != y.size()) return p.badarg();
  unsigned char* data;
  Term bin = make_binary_uninit(p, x.size(), &data);
  for (std::size_t i = 0; i < x.size(); ++i) data[i] = static_cast<unsigned char>(x[i] ^ y[i]);
  charge_bytes(p, x.size());
  return bin;
}

Term bif_info_lib(Process& p, const Term*) {
  Term version = make_integer(p, static_cast<std::int64_t>(OpenSSL_version_num()));
  Term entry = make_tuple(p, {make_binary(p, "OpenSSL"), version, make_binary(p, OpenSSL_version(OPENSSL_VERSION))});
  return make_list(p, std::vector<Term>{entry});
}

// --- erlang:md5 -------------------------------------------------------------

Term bif_md5(Process& p, const Term* a) {
  std::string scratch;
  Bytes data;
  if (!iodata_view(a[0], scratch, data)) return p.badarg();
  md5::Context c;
  md5::init(c);
  md5::update(c, uchars(data), data.size());
  charge_bytes(p, data.size());
  auto digest = md5::final(c);
  return binary_of(p, digest.data(), digest.size());
}

Term md5_context_term(Process& p, const md5::Context& c) {
  unsigned char* data;
  Term bin = make_binary_uninit(p, md5::kContextBytes, &data);
  md5::save(c, data);
  return bin;
}

bool md5_context(Term t, md5::Context& c) {
  if (!t.is_bitstring()) return false;
  BitView v = bit_view(t);
  if (!v.byte_aligned()) return false;
  return md5::load(v.data, v.bit_size / 8, c);
}

Term bif_md5_init(Process& p, const Term*) {
  md5::Context c;
  md5::init(c);
  return md5_context_term(p, c);
}

Term bif_md5_update(Process& p, const Term* a) {
  md5::Context c;
  std::string scratch;
  Bytes data;
  if (!md5_context(a[0], c) || !iodata_view(a[1], scratch, data)) return p.badarg();
  md5::update(c, uchars(data), data.size());
  charge_bytes(p, data.size());
  return md5_context_term(p, c);
}

Term bif_md5_final(Process& p, const Term* a) {
  md5::Context c;
  if (!md5_context(a[0], c)) return p.badarg();
  auto digest = md5::final(c);
  return binary_of(p, digest.data(), digest.size());
}

constexpr BifSpec kCryptoBifs[] = {
    {"crypto", "hash", 2, bif_hash, false},
    {"crypto", "hash_init", 1, bif_hash_init, false},
    {"crypto", "hash_update", 2, bif_hash_update, false},
    {"crypto", "hash_final", 1, bif_hash_final, false},
    {"crypto", "hash_info", 1, bif_hash_info, false},
    {"crypto", "mac", 4, bif_mac, false},
    {"crypto", "pbkdf2_hmac", 5, bif_pbkdf2_hmac, false},
    {"crypto", "crypto_init", 4, bif_crypto_init, false},
    {"crypto", "crypto_update", 2, bif_crypto_update, false},
    {"crypto", "crypto_final", 1, bif_crypto_final, false},
    {"crypto", "crypto_one_time", 5, bif_crypto_one_time, false},
    {"crypto", "crypto_one_time_aead", 7, bif_crypto_one_time_aead, false},
    {"crypto", "cipher_info", 1, bif_cipher_info, false},
    {"crypto", "strong_rand_bytes", 1, bif_strong_rand_bytes, false},
    {"crypto", "rand_seed_nif", 1, bif_rand_seed_nif, false},
    {"crypto", "exor", 2, bif_exor, false},
    {"crypto", "info_lib", 0, bif_info_lib, false},
    {"erlang", "md5", 1, bif_md5, false},
    {"erlang", "md5_init", 0, bif_md5_init, false},
    {"erlang", "md5_update", 2, bif_md5_update, false},
    {"erlang", "md5_final", 1, bif_md5_final, false},
};

}  // namespace

std::span<const BifSpec> bifs_crypto() { return kCryptoBifs; }

}  // namespace girder::vm

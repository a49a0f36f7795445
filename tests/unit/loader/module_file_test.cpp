// Module file writer/reader: round trips, and refusal of malformed files.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "loader/module_file.h"
#include "tests/unit/loader/loader_test_util.h"

namespace girder::loader {
namespace {

using namespace testing;

bool same_operand(const AsmOperand& a, const AsmOperand& b) { return a.kind == b.kind && a.value == b.value; }

void expect_same(const AsmModule& a, const AsmModule& b) {
  EXPECT_EQ(a.atoms, b.atoms);
  EXPECT_EQ(a.literals, b.literals);
  ASSERT_EQ(a.imports.size(), b.imports.size());
  for (std::size_t i = 0; i < a.imports.size(); ++i) {
    EXPECT_EQ(a.imports[i].module, b.imports[i].module);
    EXPECT_EQ(a.imports[i].function, b.imports[i].function);
    EXPECT_EQ(a.imports[i].arity, b.imports[i].arity);
  }
  ASSERT_EQ(a.exports.size(), b.exports.size());
  for (std::size_t i = 0; i < a.exports.size(); ++i) {
    EXPECT_EQ(a.exports[i].function, b.exports[i].function);
    EXPECT_EQ(a.exports[i].arity, b.exports[i].arity);
    EXPECT_EQ(a.exports[i].label, b.exports[i].label);
  }
  ASSERT_EQ(a.lambdas.size(), b.lambdas.size());
  for (std::size_t i = 0; i < a.lambdas.size(); ++i) {
    EXPECT_EQ(a.lambdas[i].function, b.lambdas[i].function);
    EXPECT_EQ(a.lambdas[i].arity, b.lambdas[i].arity);
    EXPECT_EQ(a.lambdas[i].num_free, b.lambdas[i].num_free);
    EXPECT_EQ(a.lambdas[i].label, b.lambdas[i].label);
  }
  ASSERT_EQ(a.attributes.size(), b.attributes.size());
  for (std::size_t i = 0; i < a.attributes.size(); ++i) {
    EXPECT_EQ(a.attributes[i].name, b.attributes[i].name);
    EXPECT_EQ(a.attributes[i].literal, b.attributes[i].literal);
  }
  EXPECT_EQ(a.source_file, b.source_file);
  EXPECT_EQ(a.label_count, b.label_count);
  ASSERT_EQ(a.code.size(), b.code.size());
  for (std::size_t i = 0; i < a.code.size(); ++i) {
    EXPECT_EQ(a.code[i].op, b.code[i].op) << "instruction " << i;
    ASSERT_EQ(a.code[i].ops.size(), b.code[i].ops.size()) << "instruction " << i;
    for (std::size_t j = 0; j < a.code[i].ops.size(); ++j) {
      EXPECT_TRUE(same_operand(a.code[i].ops[j], b.code[i].ops[j])) << "instruction " << i << " operand " << j;
    }
  }
}

// Recompute the trailing content hash after patching bytes.
void rehash(std::vector<std::uint8_t>& bytes) {
  std::uint64_t h = fnv1a64(std::span(bytes).first(bytes.size() - 16));
  for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
}

std::string read_error(const std::vector<std::uint8_t>& bytes) {
  AsmModule m;
  std::string error;
  if (read_module(bytes, m, error)) return "<accepted>";
  return error;
}

TEST(ModuleFile, RoundTripSample) {
  AsmModule m = sample_module();
  std::vector<std::uint8_t> bytes = write_module(m);
  ASSERT_EQ(0, std::memcmp(bytes.data(), "GBC1", 4));
  AsmModule back;
  std::string error;
  ASSERT_TRUE(read_module(bytes, back, error)) << error;
  expect_same(m, back);
  // Writing is deterministic.
  EXPECT_EQ(bytes, write_module(back));
  EXPECT_EQ(module_content_hash(m), module_content_hash(back));
}

TEST(ModuleFile, RoundTripExtremeValues) {
  AsmModule m;
  m.atoms = {"m", "caf\xC3\xA9"};
  m.label_count = 1;
  m.code = {
      I(Opcode::move, {O::integer(INT64_MIN), O::x(1023)}),
      I(Opcode::move, {O::integer(INT64_MAX), O::y(5)}),
      I(Opcode::move, {O::integer(-1), O::x(0)}),
      I(Opcode::test_heap, {O::integer(-7), O::integer(0)}),  // u kinds are zigzag too
      I(Opcode::move, {O::nil(), O::x(0)}),
      I(Opcode::init_yregs, {O::integer(0)}),
  };
  AsmModule back;
  std::string error;
  ASSERT_TRUE(read_module(write_module(m), back, error)) << error;
  expect_same(m, back);
}

TEST(ModuleFile, RoundTripEmptyModule) {
  AsmModule m;
  m.atoms = {"empty"};
  m.label_count = 1;
  AsmModule back;
  std::string error;
  ASSERT_TRUE(read_module(write_module(m), back, error)) << error;
  expect_same(m, back);
}

TEST(ModuleFile, RefusesBadMagicAndVersion) {
  std::vector<std::uint8_t> bytes = write_module(sample_module());
  auto bad = bytes;
  bad[0] = 'X';
  EXPECT_EQ(read_error(bad), "not a Girder module file (bad magic)");
  bad = bytes;
  bad[4] = 2;
  EXPECT_EQ(read_error(bad), "unsupported module format version 2 (expected 1)");
  EXPECT_EQ(read_error({}), "truncated header: 0 bytes");
}

TEST(ModuleFile, RefusesHashMismatch) {
  std::vector<std::uint8_t> bytes = write_module(sample_module());
  // The source file name is the last thing before the hash: change a byte.
  bytes[bytes.size() - 17] ^= 1;
  EXPECT_EQ(read_error(bytes), "content hash mismatch (file corrupted)");
}

TEST(ModuleFile, RefusesUnknownOpcode) {
  AsmModule m = sample_module();
  std::vector<std::uint8_t> bytes = write_module(m);
  // Find the CODE section and patch the opcode of instruction 0.
  std::string s(bytes.begin(), bytes.end());
  std::size_t code = s.find("CODE");
  ASSERT_NE(code, std::string::npos);
  std::size_t first_op = code + 8 + 2;  // label count (11) and instruction count (33) are 1-byte varints
  ASSERT_EQ(bytes[first_op], static_cast<std::uint8_t>(Opcode::label));
  bytes[first_op] = 250;
  rehash(bytes);
  EXPECT_EQ(read_error(bytes), "unknown opcode 250 at instruction 0 (byte " + std::to_string(first_op) + ")");
}

TEST(ModuleFile, RefusesOutOfRangeIndexes) {
  AsmModule m = sample_module();
  m.code[12].ops[2] = O::atom(99);  // is_eq_exact L3, x0, <atom 99>
  EXPECT_NE(read_error(write_module(m)).find("atom index 99 out of range (10 atoms) (instruction 12, operand 2"),
            std::string::npos)
      << read_error(write_module(m));
  m = sample_module();
  m.code[10].ops[0] = O::literal(2);
  EXPECT_NE(read_error(write_module(m)).find("literal index 2 out of range (2 literals)"), std::string::npos);
  m = sample_module();
  m.imports[0].module = 10;
  EXPECT_NE(read_error(write_module(m)).find("atom index 10 out of range (10 atoms)"), std::string::npos);
  m = sample_module();
  m.attributes[0].literal = 5;
  EXPECT_NE(read_error(write_module(m)).find("literal index 5 out of range"), std::string::npos);
  m = sample_module();
  m.code[11].ops[0] = O::fun(3);
  EXPECT_NE(read_error(write_module(m)).find("lambda index 3 out of range (1 lambdas)"), std::string::npos);
}

TEST(ModuleFile, MalformedInstructionIsWrittenAsBadOpcode) {
  AsmModule m = sample_module();
  m.code[5].ops.pop_back();  // move with one operand
  EXPECT_NE(read_error(write_module(m)).find("unknown opcode 255 at instruction 5"), std::string::npos);
  m = sample_module();
  m.code[5].ops[1] = O::integer(3);  // move x0, 3: 'd' cannot be an integer
  EXPECT_NE(read_error(write_module(m)).find("unknown opcode 255 at instruction 5"), std::string::npos);
}

TEST(ModuleFile, RefusesHugeCounts) {
  // An ATOM section claiming 2^40 atoms in a few bytes.
  std::vector<std::uint8_t> b = {'G', 'B', 'C', '1', 1, 0, 0, 0, 'A', 'T', 'O', 'M', 6, 0, 0, 0};
  for (std::uint8_t x : {0x80, 0x80, 0x80, 0x80, 0x80, 0x20}) b.push_back(x);
  std::string e = read_error(b);
  EXPECT_NE(e.find("atom count 1099511627776"), std::string::npos) << e;
  EXPECT_NE(e.find("exceeds the 0 bytes left"), std::string::npos) << e;
  // A section length past the end of the file.
  std::vector<std::uint8_t> c = {'G', 'B', 'C', '1', 1, 0, 0, 0, 'A', 'T', 'O', 'M', 0xFF, 0xFF, 0xFF, 0x7F, 1};
  e = read_error(c);
  EXPECT_EQ(e, "truncated ATOM section at byte 16: length 2147483647 but 1 bytes left");
}

TEST(ModuleFile, RefusesWrongSectionOrder) {
  std::vector<std::uint8_t> b = {'G', 'B', 'C', '1', 1, 0, 0, 0, 'L', 'I', 'T', 'T', 0, 0, 0, 0};
  EXPECT_EQ(read_error(b), "expected section ATOM at byte 8, found 'LITT'");
}

TEST(ModuleFile, RefusesOverlongVarint) {
  AsmModule m;
  m.atoms = {"m"};
  m.label_count = 1;
  std::vector<std::uint8_t> bytes = write_module(m);
  // Replace the ATOM count (1 byte, value 1) by an 11-byte varint.
  std::size_t at = 16;
  ASSERT_EQ(bytes[at], 1);
  std::vector<std::uint8_t> longer(bytes.begin(), bytes.begin() + at);
  for (int i = 0; i < 10; ++i) longer.push_back(0x81);
  longer.push_back(0x00);
  longer.insert(longer.end(), bytes.begin() + at + 1, bytes.end());
  longer[12] += 10;  // section length
  EXPECT_NE(read_error(longer).find("malformed varint in ATOM section at byte 16"), std::string::npos)
      << read_error(longer);
}

TEST(ModuleFile, EveryTruncationIsRefused) {
  std::vector<std::uint8_t> bytes = write_module(sample_module());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + n);
    AsmModule m;
    std::string error;
    EXPECT_FALSE(read_module(cut, m, error)) << "accepted a file cut at " << n;
    EXPECT_FALSE(error.empty());
  }
}

TEST(ModuleFile, TruncatedCodeMessageNamesSectionAndByte) {
  std::vector<std::uint8_t> bytes = write_module(sample_module());
  std::string s(bytes.begin(), bytes.end());
  std::size_t code = s.find("CODE");
  // Shrink the CODE section length so it ends mid-instruction.
  std::uint32_t len = bytes[code + 4] | (bytes[code + 5] << 8);
  std::uint32_t shorter = len - 3;
  bytes[code + 4] = shorter & 0xFF;
  bytes[code + 5] = (shorter >> 8) & 0xFF;
  std::string e = read_error(bytes);
  EXPECT_EQ(e.rfind("truncated CODE section at byte ", 0), 0u) << e;
}

TEST(ModuleFile, RandomByteFlipsNeverCrash) {
  std::vector<std::uint8_t> bytes = write_module(sample_module());
  std::mt19937 rng(12345);
  int accepted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    auto b = bytes;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
    if (iter % 2) rehash(b);  // half with a valid hash, to reach the parsers
    AsmModule m;
    std::string error;
    if (read_module(b, m, error)) ++accepted;
  }
  SUCCEED() << accepted << " mutated files accepted by the reader";
}

}  // namespace
}  // namespace girder::loader

namespace girder::loader {
namespace {

TEST(ModuleFile, RefusesNonMinimalVarint) {
  AsmModule m;
  m.atoms = {"m"};
  m.label_count = 1;
  std::vector<std::uint8_t> bytes = write_module(m);
  std::size_t at = 16;  // the ATOM count, 1
  std::vector<std::uint8_t> padded(bytes.begin(), bytes.begin() + at);
  padded.push_back(0x81);
  padded.push_back(0x00);
  padded.insert(padded.end(), bytes.begin() + at + 1, bytes.end());
  padded[12] += 1;
  std::uint64_t h = fnv1a64(std::span(padded).first(padded.size() - 16));
  for (int i = 0; i < 8; ++i) padded[padded.size() - 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
  AsmModule back;
  std::string error;
  EXPECT_FALSE(read_module(padded, back, error));
  EXPECT_EQ(error, "non-minimal varint in ATOM section at byte 16");
}

}  // namespace
}  // namespace girder::loader

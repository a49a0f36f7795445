// OutTerm (vm/io/reply.h): results described off the heap and written into a
// message signal take exactly the words they said and read back as the
// terms they describe.
#include <gtest/gtest.h>

#include <climits>
#include <string>

#include "vm/io/message.h"
#include "vm/io/reply.h"
#include "vm/proc/mailbox.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

std::string written(VM& vm, const OutTerm& t) {
  Signal* s = msg::new_message(kNil, t.words());
  Word* hp = s->payload();
  Term term = t.write(s, hp);
  EXPECT_EQ(static_cast<Word>(hp - s->payload()), t.words());
  std::string text = write_term(vm, term, -1, true);
  free_signal(s);
  return text;
}

TEST(OutTerm, ImmediatesAndIntegers) {
  VM vm;
  EXPECT_EQ(written(vm, OutTerm::imm(atoms::eof)), "eof");
  EXPECT_EQ(written(vm, OutTerm::integer(-5)), "-5");
  EXPECT_EQ(written(vm, OutTerm::integer(LLONG_MAX)), "9223372036854775807");
  EXPECT_EQ(written(vm, OutTerm::integer(LLONG_MIN)), "-9223372036854775808");
  EXPECT_EQ(written(vm, OutTerm::integer(kSmallMax)), std::to_string(kSmallMax));
}

TEST(OutTerm, DataAndNesting) {
  VM vm;
  std::string big(100, 'x');  // a refc binary in the signal's ProcBin chain
  OutTerm t = OutTerm::ok(OutTerm::tuple({OutTerm::binary("abc"), OutTerm::binary(big), OutTerm::byte_list("hi"),
                                          OutTerm::chars("\xce\xbb\xc3\xa9"), OutTerm::list({}),
                                          OutTerm::list({OutTerm::imm(atoms::eof), OutTerm::integer(1)})}));
  std::string big_bytes;  // ~w writes binaries and strings as numbers
  for (int i = 0; i < 100; ++i) big_bytes += (i ? ",120" : "120");
  EXPECT_EQ(written(vm, t), "{ok,{<<97,98,99>>,<<" + big_bytes + ">>,[104,105],[955,233],[],[eof,1]}}");
  EXPECT_EQ(written(vm, OutTerm::error(atoms::enoent)), "{error,enoent}");
}

}  // namespace
}  // namespace girder::vm

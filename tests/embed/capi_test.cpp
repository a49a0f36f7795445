// The C embedding API (vm/embed/include/girder.h), driven as a host would:
// threaded and host-driven VMs, calls, exceptions, timeouts, mailboxes,
// natives, hot loading, two VMs at once, and misuse that must answer with
// a status, never a crash.
#include <poll.h>

#include <atomic>
#include <cstring>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "girder.h"

namespace {

const char* kCounterV1 = R"(
-module(counter).
-export([add/2, version/0, echo/0, loop/1, crash/1, sleep/1, tag/1]).
add(A, B) -> A + B.
version() -> 1.
echo() -> receive {From, Msg} -> From ! {self(), Msg}, echo() end.
loop(N) -> receive {get, From} -> From ! {count, N}, loop(N); inc -> counter:loop(N + 1) end.
crash(X) -> erlang:error({bad, X}).
sleep(Ms) -> timer:sleep(Ms), done.
tag(X) -> {tagged, X}.
)";

const char* kCounterV2 = R"(
-module(counter).
-export([add/2, version/0, echo/0, loop/1, crash/1, sleep/1, tag/1]).
add(A, B) -> A + B + 1000.
version() -> 2.
echo() -> receive {From, Msg} -> From ! {self(), Msg}, echo() end.
loop(N) -> receive {get, From} -> From ! {count, N * 100}, loop(N); inc -> counter:loop(N + 1) end.
crash(X) -> erlang:error({bad, X}).
sleep(Ms) -> timer:sleep(Ms), done.
tag(X) -> {tagged_v2, X}.
)";

struct Output {
  std::string out, err;
  static void write(void* ud, int stream, const char* data, size_t n) {
    auto* o = static_cast<Output*>(ud);
    (stream == 1 ? o->out : o->err).append(data, n);
  }
};

class Vm {
 public:
  explicit Vm(int schedulers = 2, Output* output = nullptr) {
    girder_options o;
    girder_options_init(&o);
    o.schedulers = schedulers;
    if (output != nullptr) {
      o.output = Output::write;
      o.output_userdata = output;
    }
    EXPECT_EQ(girder_vm_new(&o, &vm), GIRDER_OK) << girder_last_error();
    EXPECT_EQ(girder_arena_new(vm, &arena), GIRDER_OK);
  }
  ~Vm() {
    girder_arena_free(arena);
    girder_vm_free(vm);
  }
  void load(const char* src) {
    ASSERT_EQ(girder_load_memory(vm, "counter.erl", src, strlen(src), 0, nullptr), GIRDER_OK) << girder_last_error();
  }
  girder_term i(int64_t v) {
    girder_term t = 0;
    EXPECT_EQ(girder_make_int(arena, v, &t), GIRDER_OK);
    return t;
  }
  int64_t as_int(girder_term t) {
    int64_t v = 0;
    EXPECT_EQ(girder_get_int(arena, t, &v), GIRDER_OK) << girder_last_error();
    return v;
  }
  std::string show(girder_term t) {
    const char* text = nullptr;
    size_t n = 0;
    EXPECT_EQ(girder_format(arena, t, &text, &n), GIRDER_OK) << girder_last_error();
    return text != nullptr ? std::string(text, n) : "";
  }
  girder_vm* vm = nullptr;
  girder_arena* arena = nullptr;
};

TEST(EmbedApi, CallsAFunctionAndGetsTheResult) {
  Vm v;
  v.load(kCounterV1);
  girder_term args[2] = {v.i(40), v.i(2)};
  girder_term r = 0;
  ASSERT_EQ(girder_call(v.arena, "counter", "add", args, 2, 5000, &r), GIRDER_OK) << girder_last_error();
  EXPECT_EQ(v.as_int(r), 42);
  // A stdlib function, and a bignum through text.
  girder_term big = 0;
  ASSERT_EQ(girder_make_int_text(v.arena, "123456789012345678901234567890", 10, &big), GIRDER_OK);
  girder_term args2[2] = {big, big};
  ASSERT_EQ(girder_call(v.arena, "erlang", "*", args2, 2, 5000, &r), GIRDER_OK) << girder_last_error();
  const char* text = nullptr;
  ASSERT_EQ(girder_get_int_text(v.arena, r, 10, &text, nullptr), GIRDER_OK);
  EXPECT_STREQ(text, "15241578753238836750495351562536198787501905199875019052100");
  int64_t small = 0;
  EXPECT_EQ(girder_get_int(v.arena, r, &small), GIRDER_ERANGE);
}

TEST(EmbedApi, BuildsAndInspectsEveryKindOfTerm) {
  Vm v;
  girder_term a = 0, f = 0, b = 0, s = 0, t = 0, l = 0, m = 0, k[2], val[2];
  ASSERT_EQ(girder_make_atom(v.arena, "hello", 5, &a), GIRDER_OK);
  ASSERT_EQ(girder_make_float(v.arena, 2.5, &f), GIRDER_OK);
  ASSERT_EQ(girder_make_binary(v.arena, "bin", 3, &b), GIRDER_OK);
  ASSERT_EQ(girder_make_string(v.arena, "h\xc3\xa9", 3, &s), GIRDER_OK);
  girder_term elems[4] = {a, f, b, s};
  ASSERT_EQ(girder_make_tuple(v.arena, elems, 4, &t), GIRDER_OK);
  ASSERT_EQ(girder_make_list(v.arena, elems, 2, 0, &l), GIRDER_OK);
  k[0] = v.i(1);
  k[1] = a;
  val[0] = t;
  val[1] = l;
  ASSERT_EQ(girder_make_map(v.arena, k, val, 2, &m), GIRDER_OK);
  EXPECT_EQ(v.show(m), "#{1 => {hello,2.5,<<\"bin\">>,\"hé\"},hello => [hello,2.5]}");
  EXPECT_EQ(girder_type_of(v.arena, m), GIRDER_TYPE_MAP);
  EXPECT_EQ(girder_type_of(v.arena, l), GIRDER_TYPE_LIST);
  size_t n = 0;
  ASSERT_EQ(girder_map_size(v.arena, m, &n), GIRDER_OK);
  EXPECT_EQ(n, 2u);
  girder_term got = 0;
  ASSERT_EQ(girder_map_get(v.arena, m, a, &got), GIRDER_OK);
  EXPECT_TRUE(girder_term_equal(v.arena, got, l));
  EXPECT_EQ(girder_map_get(v.arena, m, v.i(7), &got), GIRDER_ERANGE);
  girder_term key = 0, value = 0;
  ASSERT_EQ(girder_map_entry(v.arena, m, 1, &key, &value), GIRDER_OK);
  EXPECT_TRUE(girder_term_equal(v.arena, key, a));
  const char* str = nullptr;
  size_t len = 0;
  ASSERT_EQ(girder_get_string(v.arena, s, &str, &len), GIRDER_OK);
  EXPECT_EQ(std::string(str, len), "h\xc3\xa9");
  const void* bytes = nullptr;
  ASSERT_EQ(girder_get_binary(v.arena, b, &bytes, &len), GIRDER_OK);
  EXPECT_EQ(std::string(static_cast<const char*>(bytes), len), "bin");
  double d = 0;
  ASSERT_EQ(girder_get_float(v.arena, f, &d), GIRDER_OK);
  EXPECT_EQ(d, 2.5);
  ASSERT_EQ(girder_tuple_size(v.arena, t, &n), GIRDER_OK);
  EXPECT_EQ(n, 4u);
  ASSERT_EQ(girder_list_length(v.arena, l, &n), GIRDER_OK);
  EXPECT_EQ(n, 2u);
  girder_term parsed = 0;
  const char* text_term = "{ok, [1, 2.0, \"x\", <<\"y\">>], #{a => b}}";
  ASSERT_EQ(girder_parse_term(v.arena, text_term, strlen(text_term), &parsed), GIRDER_OK)
      << girder_last_error();
  EXPECT_EQ(v.show(parsed), "{ok,[1,2.0,\"x\",<<\"y\">>],#{a => b}}");
  EXPECT_EQ(girder_term_compare(v.arena, v.i(1), a), -1);  // number < atom
  EXPECT_EQ(girder_parse_term(v.arena, "{ok,", 4, &parsed), GIRDER_EBADARG);
}

TEST(EmbedApi, ExceptionsComeBackWithClassReasonAndStack) {
  Vm v;
  v.load(kCounterV1);
  girder_term arg = v.i(7), r = 0;
  ASSERT_EQ(girder_call(v.arena, "counter", "crash", &arg, 1, 5000, &r), GIRDER_EEXCEPTION);
  EXPECT_NE(std::string(girder_last_error()).find("exception error: {bad,7}"), std::string::npos) << girder_last_error();
  girder_term cls = 0, reason = 0;
  ASSERT_EQ(girder_tuple_element(v.arena, r, 0, &cls), GIRDER_OK);
  ASSERT_EQ(girder_tuple_element(v.arena, r, 1, &reason), GIRDER_OK);
  EXPECT_EQ(v.show(cls), "error");
  EXPECT_EQ(v.show(reason), "{bad,7}");
  // Undefined function: reported without running anything.
  EXPECT_EQ(girder_call(v.arena, "counter", "nope", nullptr, 0, 5000, &r), GIRDER_EUNDEF);
  EXPECT_EQ(girder_call(v.arena, "no_such_module", "f", nullptr, 0, 5000, &r), GIRDER_EUNDEF);
  // A badarg inside a BIF.
  girder_term atom = 0;
  girder_make_atom(v.arena, "x", 1, &atom);
  ASSERT_EQ(girder_call(v.arena, "erlang", "atom_to_list", &atom, 1, 5000, &r), GIRDER_OK);
  EXPECT_EQ(v.show(r), "\"x\"");
  ASSERT_EQ(girder_call(v.arena, "erlang", "list_to_atom", &atom, 1, 5000, &r), GIRDER_EEXCEPTION);
}

TEST(EmbedApi, ATimedOutCallIsKilled) {
  Vm v;
  v.load(kCounterV1);
  girder_term ms = v.i(10000), r = 0;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(girder_call(v.arena, "counter", "sleep", &ms, 1, 50, &r), GIRDER_ETIMEOUT);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

TEST(EmbedApi, MailboxExchangesMessagesWithAProcess) {
  Vm v;
  v.load(kCounterV1);
  girder_mailbox* mb = nullptr;
  ASSERT_EQ(girder_mailbox_new(v.vm, &mb), GIRDER_OK);
  int fd = girder_mailbox_fd(mb);
  ASSERT_GE(fd, 0);
  girder_term echo = 0, me = 0;
  ASSERT_EQ(girder_spawn(v.arena, "counter", "echo", nullptr, 0, &echo), GIRDER_OK);
  ASSERT_EQ(girder_mailbox_pid(mb, v.arena, &me), GIRDER_OK);
  EXPECT_EQ(girder_type_of(v.arena, me), GIRDER_TYPE_PID);
  girder_term hi = 0, msg = 0;
  girder_make_atom(v.arena, "hi", 2, &hi);
  girder_term pair[2] = {me, hi};
  ASSERT_EQ(girder_make_tuple(v.arena, pair, 2, &msg), GIRDER_OK);
  ASSERT_EQ(girder_send(v.arena, echo, msg), GIRDER_OK);
  struct pollfd pfd = {fd, POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 5000), 1);
  girder_term got = 0;
  ASSERT_EQ(girder_mailbox_receive(mb, v.arena, 5000, &got), GIRDER_OK) << girder_last_error();
  girder_term second = 0;
  ASSERT_EQ(girder_tuple_element(v.arena, got, 1, &second), GIRDER_OK);
  EXPECT_EQ(v.show(second), "hi");
  // Nothing more: a zero timeout answers at once; the fd is not readable.
  EXPECT_EQ(girder_mailbox_receive(mb, v.arena, 0, &got), GIRDER_ETIMEOUT);
  EXPECT_EQ(poll(&pfd, 1, 0), 0);
  // Erlang code can register the host's pid and send by name.
  girder_term name = 0;
  girder_make_atom(v.arena, "host", 4, &name);
  girder_term reg_args[2] = {name, me};
  girder_term r = 0;
  ASSERT_EQ(girder_call(v.arena, "erlang", "register", reg_args, 2, 5000, &r), GIRDER_OK);
  girder_term named_msg[2] = {name, hi};
  ASSERT_EQ(girder_call(v.arena, "erlang", "send", named_msg, 2, 5000, &r), GIRDER_OK);
  ASSERT_EQ(girder_mailbox_receive(mb, v.arena, 5000, &got), GIRDER_OK);
  EXPECT_EQ(v.show(got), "hi");
  girder_mailbox_free(mb);
  // Sending to the freed mailbox's pid is harmless (the process is gone or going).
  EXPECT_EQ(girder_send(v.arena, me, hi), GIRDER_OK);
}

girder_status native_add(girder_native_call* call, girder_arena* a, const girder_term* args, size_t argc,
                         girder_term* result) {
  auto* calls = static_cast<std::atomic<int>*>(girder_native_userdata(call));
  ++*calls;
  int64_t x = 0, y = 0;
  if (argc != 2 || girder_get_int(a, args[0], &x) != GIRDER_OK || girder_get_int(a, args[1], &y) != GIRDER_OK) {
    girder_term reason = 0;
    girder_make_atom(a, "not_integers", 12, &reason);
    return girder_native_raise(call, "error", reason);
  }
  return girder_make_int(a, x * y, result);
}

girder_status native_fails(girder_native_call*, girder_arena*, const girder_term*, size_t, girder_term*) {
  return GIRDER_EBADARG;
}

girder_status native_bad_result(girder_native_call*, girder_arena*, const girder_term*, size_t, girder_term* result) {
  *result = 0xdeadbeef00;  // not a term of the arena
  return GIRDER_OK;
}

TEST(EmbedApi, NativesAreCallableFromErlangBeforeAndAfterStart) {
  std::atomic<int> calls{0};
  Vm v;
  ASSERT_EQ(girder_register_native(v.vm, "host_math", "mul", 2, native_add, &calls), GIRDER_OK) << girder_last_error();
  const char* src = R"(
-module(user_of_natives).
-export([run/1, bad/0, fails/0, garbage/0]).
run(X) -> host_math:mul(X, 6) + 1.
bad() -> try host_math:mul(a, b) catch C:R -> {C, R} end.
fails() -> try host_math:fails() catch C:R -> {C, R} end.
garbage() -> try host_math:garbage() catch C:R -> {C, R} end.
)";
  ASSERT_EQ(girder_load_memory(v.vm, "user_of_natives.erl", src, strlen(src), 0, nullptr), GIRDER_OK)
      << girder_last_error();
  girder_term seven = v.i(7), r = 0;
  ASSERT_EQ(girder_call(v.arena, "user_of_natives", "run", &seven, 1, 5000, &r), GIRDER_OK) << girder_last_error();
  EXPECT_EQ(v.as_int(r), 43);
  ASSERT_EQ(girder_call(v.arena, "user_of_natives", "bad", nullptr, 0, 5000, &r), GIRDER_OK);
  EXPECT_EQ(v.show(r), "{error,not_integers}");
  // Registered after start, into the same module: a new version of it.
  ASSERT_EQ(girder_register_native(v.vm, "host_math", "fails", 0, native_fails, nullptr), GIRDER_OK);
  ASSERT_EQ(girder_register_native(v.vm, "host_math", "garbage", 0, native_bad_result, nullptr), GIRDER_OK);
  ASSERT_EQ(girder_call(v.arena, "user_of_natives", "fails", nullptr, 0, 5000, &r), GIRDER_OK);
  EXPECT_EQ(v.show(r), "{error,badarg}");
  ASSERT_EQ(girder_call(v.arena, "user_of_natives", "garbage", nullptr, 0, 5000, &r), GIRDER_OK);
  EXPECT_EQ(v.show(r), "{error,badarg}");
  ASSERT_EQ(girder_call(v.arena, "user_of_natives", "run", &seven, 1, 5000, &r), GIRDER_OK);
  EXPECT_EQ(calls.load(), 3);
  // Refused: a module with Erlang code, a BIF's name, a native module loaded over.
  EXPECT_EQ(girder_register_native(v.vm, "user_of_natives", "x", 0, native_fails, nullptr), GIRDER_EBADARG);
  EXPECT_EQ(girder_register_native(v.vm, "erlang", "length", 1, native_fails, nullptr), GIRDER_EBADARG);
  const char* over = "-module(host_math).\n-export([f/0]).\nf() -> 1.\n";
  EXPECT_EQ(girder_load_memory(v.vm, "host_math.erl", over, strlen(over), 0, nullptr), GIRDER_ELOAD);
}

TEST(EmbedApi, HotLoadingANewVersionFromTheHost) {
  Vm v;
  v.load(kCounterV1);
  girder_term r = 0, zero = v.i(5);
  ASSERT_EQ(girder_call(v.arena, "counter", "version", nullptr, 0, 5000, &r), GIRDER_OK);
  EXPECT_EQ(v.as_int(r), 1);
  girder_term loop = 0;
  ASSERT_EQ(girder_spawn(v.arena, "counter", "loop", &zero, 1, &loop), GIRDER_OK);
  v.load(kCounterV2);
  ASSERT_EQ(girder_call(v.arena, "counter", "version", nullptr, 0, 5000, &r), GIRDER_OK);
  EXPECT_EQ(v.as_int(r), 2);
  // The running loop moves to the new version at its next fully qualified call.
  girder_mailbox* mb = nullptr;
  ASSERT_EQ(girder_mailbox_new(v.vm, &mb), GIRDER_OK);
  girder_term me = 0, inc = 0, get = 0, msg = 0;
  girder_mailbox_pid(mb, v.arena, &me);
  girder_make_atom(v.arena, "inc", 3, &inc);
  girder_make_atom(v.arena, "get", 3, &get);
  girder_term pair[2] = {get, me};
  girder_make_tuple(v.arena, pair, 2, &msg);
  ASSERT_EQ(girder_send(v.arena, loop, inc), GIRDER_OK);
  ASSERT_EQ(girder_send(v.arena, loop, msg), GIRDER_OK);
  girder_term got = 0;
  ASSERT_EQ(girder_mailbox_receive(mb, v.arena, 5000, &got), GIRDER_OK);
  EXPECT_EQ(v.show(got), "{count,600}");
  // A third version while the loop still runs the second: the first is gone,
  // nobody runs old code, so it loads.
  v.load(kCounterV1);
  // Broken source: the error names the line; the loaded version stays.
  const char* broken = "-module(counter).\n-export([f/0]).\nf() -> .\n";
  EXPECT_EQ(girder_load_memory(v.vm, "counter.erl", broken, strlen(broken), 0, nullptr), GIRDER_ELOAD);
  EXPECT_NE(std::string(girder_last_error()).find("counter.erl:3:"), std::string::npos) << girder_last_error();
  ASSERT_EQ(girder_call(v.arena, "counter", "version", nullptr, 0, 5000, &r), GIRDER_OK);
  EXPECT_EQ(v.as_int(r), 1);
  // Garbage module file bytes.
  std::string garbage = "GBC1\x01\x00\x00\x00garbage";
  EXPECT_EQ(girder_load_memory(v.vm, nullptr, garbage.data(), garbage.size(), 0, nullptr), GIRDER_ELOAD);
  EXPECT_EQ(girder_load_file(v.vm, "/nonexistent/x.erl", 0, nullptr), GIRDER_EIO);
  girder_mailbox_free(mb);
}

TEST(EmbedApi, HostDrivenModeRunsOnTheCallersThread) {
  Vm v(GIRDER_HOST_DRIVEN);
  v.load(kCounterV1);
  girder_term args[2] = {v.i(1), v.i(2)}, r = 0;
  ASSERT_EQ(girder_call(v.arena, "counter", "add", args, 2, 5000, &r), GIRDER_OK) << girder_last_error();
  EXPECT_EQ(v.as_int(r), 3);
  girder_term ms = v.i(20);
  ASSERT_EQ(girder_call(v.arena, "counter", "sleep", &ms, 1, 5000, &r), GIRDER_OK);  // a timer wakes it
  // A spawned process only runs inside run_for.
  girder_mailbox* mb = nullptr;
  ASSERT_EQ(girder_mailbox_new(v.vm, &mb), GIRDER_OK);
  girder_term echo = 0, me = 0, hi = 0, msg = 0;
  ASSERT_EQ(girder_spawn(v.arena, "counter", "echo", nullptr, 0, &echo), GIRDER_OK);
  girder_mailbox_pid(mb, v.arena, &me);
  girder_make_atom(v.arena, "hi", 2, &hi);
  girder_term pair[2] = {me, hi};
  girder_make_tuple(v.arena, pair, 2, &msg);
  ASSERT_EQ(girder_send(v.arena, echo, msg), GIRDER_OK);
  int idle = 0;
  ASSERT_EQ(girder_run_for(v.vm, 10000, &idle), GIRDER_OK);
  EXPECT_EQ(idle, 1);
  girder_term got = 0;
  ASSERT_EQ(girder_mailbox_receive(mb, v.arena, 0, &got), GIRDER_OK);
  int woken = 1;
  ASSERT_EQ(girder_wait_for_work(v.vm, 10, &woken), GIRDER_OK);
  EXPECT_EQ(woken, 0);
  girder_mailbox_free(mb);
  // run_for refuses a threaded VM.
  Vm threaded;
  EXPECT_EQ(girder_run_for(threaded.vm, 10, nullptr), GIRDER_EBADARG);
}

TEST(EmbedApi, TwoVmsDoNotInterfere) {
  Vm a, b;
  a.load(kCounterV1);
  b.load(kCounterV2);
  std::atomic<bool> ok{true};
  auto run = [&](Vm& v, int64_t expected_extra) {
    girder_arena* arena = nullptr;
    girder_arena_new(v.vm, &arena);
    for (int i = 0; i < 2000 && ok; ++i) {
      girder_term args[2], r = 0;
      girder_make_int(arena, i, &args[0]);
      girder_make_int(arena, 1, &args[1]);
      int64_t got = -1;
      if (girder_call(arena, "counter", "add", args, 2, 5000, &r) != GIRDER_OK ||
          girder_get_int(arena, r, &got) != GIRDER_OK || got != i + 1 + expected_extra) {
        ok = false;
      }
      girder_arena_clear(arena);
    }
    girder_arena_free(arena);
  };
  std::thread ta(run, std::ref(a), 0), tb(run, std::ref(b), 1000);
  ta.join();
  tb.join();
  EXPECT_TRUE(ok);
  // Atoms are per VM: a made-up atom in one does not exist in the other.
  girder_term r = 0, text = 0;
  girder_make_string(a.arena, "only_in_a", 9, &text);
  ASSERT_EQ(girder_call(a.arena, "erlang", "list_to_atom", &text, 1, 5000, &r), GIRDER_OK);
  girder_make_string(b.arena, "only_in_a", 9, &text);
  EXPECT_EQ(girder_call(b.arena, "erlang", "list_to_existing_atom", &text, 1, 5000, &r), GIRDER_EEXCEPTION);
}

TEST(EmbedApi, MisuseAnswersWithAStatus) {
  Vm v;
  girder_term t = 0, r = 0;
  EXPECT_EQ(girder_make_int(nullptr, 1, &t), GIRDER_EBADARG);
  EXPECT_EQ(girder_make_tuple(v.arena, nullptr, 2, &t), GIRDER_EBADARG);
  // Made-up handles and a handle from a cleared arena.
  girder_term fake = 0x123456789abc0ULL;
  EXPECT_EQ(girder_type_of(v.arena, fake), 0);
  EXPECT_EQ(girder_make_list(v.arena, &fake, 1, 0, &t), GIRDER_EBADARG);
  EXPECT_EQ(girder_type_of(v.arena, 0x7FFFFFFFFFFFFFCBULL), 0);  // an atom index that does not exist
  girder_term tup = 0;
  girder_term one = v.i(1);
  ASSERT_EQ(girder_make_tuple(v.arena, &one, 1, &tup), GIRDER_OK);
  girder_arena_clear(v.arena);
  EXPECT_EQ(girder_tuple_size(v.arena, tup, nullptr), GIRDER_EBADARG);
  size_t n = 0;
  EXPECT_EQ(girder_tuple_size(v.arena, tup, &n), GIRDER_EBADARG);
  // A term of another arena.
  girder_arena* other = nullptr;
  ASSERT_EQ(girder_arena_new(v.vm, &other), GIRDER_OK);
  ASSERT_EQ(girder_make_tuple(other, &one, 1, &tup), GIRDER_OK);
  EXPECT_EQ(girder_tuple_size(v.arena, tup, &n), GIRDER_EBADARG);
  ASSERT_EQ(girder_term_copy(other, tup, v.arena, &t), GIRDER_OK);
  EXPECT_EQ(girder_tuple_size(v.arena, t, &n), GIRDER_OK);
  girder_arena_free(other);
  // Wrong types, bad names, wrong arity.
  EXPECT_EQ(girder_get_int(v.arena, t, nullptr), GIRDER_EBADARG);
  int64_t x = 0;
  EXPECT_EQ(girder_get_int(v.arena, t, &x), GIRDER_EBADARG);
  EXPECT_EQ(girder_call(v.arena, "", "f", nullptr, 0, 100, &r), GIRDER_EBADARG);
  EXPECT_EQ(girder_call(v.arena, "lists", "reverse", nullptr, 0, 100, &r), GIRDER_EUNDEF);
  EXPECT_EQ(girder_make_atom(v.arena, "\xff\xfe", 2, &t), GIRDER_EBADARG);
  std::string long_name(256, 'a');
  EXPECT_EQ(girder_make_atom(v.arena, long_name.data(), long_name.size(), &t), GIRDER_EBADARG);
  EXPECT_EQ(girder_make_float(v.arena, 1.0 / 0.0, &t), GIRDER_EBADARG);
  girder_term nobody = 0;
  girder_make_atom(v.arena, "nobody_here", 11, &nobody);
  EXPECT_EQ(girder_send(v.arena, nobody, one), GIRDER_ENOPROC);
  EXPECT_EQ(girder_whereis(v.arena, "nobody_here", &t), GIRDER_ENOPROC);
  ASSERT_EQ(girder_whereis(v.arena, "user", &t), GIRDER_OK);
  girder_options o;
  girder_options_init(&o);
  o.size = 3;
  girder_vm* bad = nullptr;
  EXPECT_EQ(girder_vm_new(&o, &bad), GIRDER_EBADARG);
  EXPECT_STRNE(girder_last_error(), "");
}

TEST(EmbedApi, HandlesOutliveTheirVm) {
  girder_vm* vm = nullptr;
  ASSERT_EQ(girder_vm_new(nullptr, &vm), GIRDER_OK);
  girder_arena* a = nullptr;
  ASSERT_EQ(girder_arena_new(vm, &a), GIRDER_OK);
  girder_mailbox* mb = nullptr;
  ASSERT_EQ(girder_mailbox_new(vm, &mb), GIRDER_OK);
  girder_term t = 0;
  ASSERT_EQ(girder_make_binary(a, "x", 1, &t), GIRDER_OK);
  girder_vm_free(vm);
  EXPECT_EQ(girder_make_int(a, 1, &t), GIRDER_ECLOSED);
  EXPECT_EQ(girder_type_of(a, t), 0);
  EXPECT_EQ(girder_mailbox_receive(mb, a, 0, &t), GIRDER_ECLOSED);
  girder_mailbox_free(mb);
  girder_arena_free(a);
}

TEST(EmbedApi, DestroyingTheVmEndsCallsAndReceivesInFlight) {
  girder_vm* vm = nullptr;
  ASSERT_EQ(girder_vm_new(nullptr, &vm), GIRDER_OK);
  ASSERT_EQ(girder_load_memory(vm, "counter.erl", kCounterV1, strlen(kCounterV1), 0, nullptr), GIRDER_OK);
  girder_mailbox* mb = nullptr;
  ASSERT_EQ(girder_mailbox_new(vm, &mb), GIRDER_OK);
  std::atomic<int> call_status{-1}, receive_status{-1};
  std::thread caller([&] {
    girder_arena* a = nullptr;
    girder_arena_new(vm, &a);
    girder_term ms = 0, r = 0;
    girder_make_int(a, 60000, &ms);
    call_status = girder_call(a, "counter", "sleep", &ms, 1, -1, &r);
    girder_arena_free(a);
  });
  std::thread receiver([&] {
    girder_arena* a = nullptr;
    girder_arena_new(vm, &a);
    girder_term m = 0;
    receive_status = girder_mailbox_receive(mb, a, -1, &m);
    girder_arena_free(a);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  girder_vm_free(vm);
  caller.join();
  receiver.join();
  EXPECT_EQ(call_status.load(), GIRDER_ECLOSED);
  EXPECT_EQ(receive_status.load(), GIRDER_ECLOSED);
  girder_mailbox_free(mb);
}

TEST(EmbedApi, OutputGoesToTheHostsCallback) {
  Output output;
  {
    Vm v(2, &output);
    girder_term fmt = 0, args = 0, r = 0;
    girder_make_string(v.arena, "hello ~p~n", 10, &fmt);
    girder_term one = v.i(42);
    girder_make_list(v.arena, &one, 1, 0, &args);
    girder_term call_args[2] = {fmt, args};
    ASSERT_EQ(girder_call(v.arena, "io", "format", call_args, 2, 5000, &r), GIRDER_OK) << girder_last_error();
  }
  EXPECT_EQ(output.out, "hello 42\n");
}

TEST(EmbedApi, ProcessHeapLimitKillsTheProcessNotTheVm) {
  Output output;
  girder_options o;
  girder_options_init(&o);
  o.process_heap_limit = 1 << 20;  // 1 MB
  o.output = Output::write;
  o.output_userdata = &output;
  girder_vm* vm = nullptr;
  ASSERT_EQ(girder_vm_new(&o, &vm), GIRDER_OK);
  girder_arena* a = nullptr;
  girder_arena_new(vm, &a);
  girder_term n = 0, r = 0;
  girder_make_int(a, 1000000, &n);
  girder_term big[2] = {girder_term(0x1F), n};  // 0x1F: the small integer 1
  EXPECT_EQ(girder_call(a, "lists", "seq", big, 2, 10000, &r), GIRDER_EEXCEPTION);
  EXPECT_NE(output.err.find("maximum heap size"), std::string::npos) << output.err;
  girder_make_int(a, 10, &n);
  girder_term small[2] = {girder_term(0x1F), n};
  ASSERT_EQ(girder_call(a, "lists", "seq", small, 2, 10000, &r), GIRDER_OK);
  girder_arena_free(a);
  girder_vm_free(vm);
}

struct CountingAllocator {
  std::atomic<long> live_blocks{0};
  std::atomic<long> live_bytes{0};
  std::atomic<long> total_blocks{0};
  static void* allocate(void* ud, size_t bytes) {
    auto* c = static_cast<CountingAllocator*>(ud);
    ++c->live_blocks;
    ++c->total_blocks;
    c->live_bytes += static_cast<long>(bytes);
    return malloc(bytes);
  }
  static void release(void* ud, void* block, size_t bytes) {
    auto* c = static_cast<CountingAllocator*>(ud);
    --c->live_blocks;
    c->live_bytes -= static_cast<long>(bytes);
    free(block);
  }
};

TEST(EmbedApi, HeapsUseTheHostsAllocator) {
  CountingAllocator counts;
  girder_allocator alloc = {CountingAllocator::allocate, CountingAllocator::release, &counts};
  girder_options o;
  girder_options_init(&o);
  o.allocator = &alloc;
  girder_vm* vm = nullptr;
  ASSERT_EQ(girder_vm_new(&o, &vm), GIRDER_OK) << girder_last_error();
  girder_arena* a = nullptr;
  girder_arena_new(vm, &a);
  girder_term n = 0, r = 0;
  girder_make_int(a, 200000, &n);
  girder_term args[2] = {girder_term(0x1F), n};
  ASSERT_EQ(girder_call(a, "lists", "seq", args, 2, 10000, &r), GIRDER_OK);  // collections on the way
  size_t length = 0;
  ASSERT_EQ(girder_list_length(a, r, &length), GIRDER_OK);
  EXPECT_EQ(length, 200000u);
  EXPECT_GT(counts.total_blocks.load(), 10);
  EXPECT_GT(counts.live_bytes.load(), 200000 * 16);  // the result, copied into the arena's heap
  girder_arena_free(a);
  girder_vm_free(vm);
  // Every block went back, each with the size it was asked for.
  EXPECT_EQ(counts.live_blocks.load(), 0);
  EXPECT_EQ(counts.live_bytes.load(), 0);
  // Half a hook is refused.
  girder_allocator half = {CountingAllocator::allocate, nullptr, &counts};
  o.allocator = &half;
  EXPECT_EQ(girder_vm_new(&o, &vm), GIRDER_EBADARG);
}

TEST(EmbedApi, VmHeapLimitKillsTheProcessThatPassesIt) {
  Output output;
  girder_options o;
  girder_options_init(&o);
  o.vm_heap_limit = 8 << 20;  // 8 MB for every heap together
  o.output = Output::write;
  o.output_userdata = &output;
  girder_vm* vm = nullptr;
  ASSERT_EQ(girder_vm_new(&o, &vm), GIRDER_OK);
  girder_arena* a = nullptr;
  girder_arena_new(vm, &a);
  girder_term n = 0, r = 0;
  girder_make_int(a, 2000000, &n);  // a list of 2M integers: 32 MB
  girder_term big[2] = {girder_term(0x1F), n};
  EXPECT_EQ(girder_call(a, "lists", "seq", big, 2, 10000, &r), GIRDER_EEXCEPTION);
  EXPECT_NE(output.err.find("the VM's heap limit"), std::string::npos) << output.err;
  girder_make_int(a, 1000, &n);
  girder_term small[2] = {girder_term(0x1F), n};
  ASSERT_EQ(girder_call(a, "lists", "seq", small, 2, 10000, &r), GIRDER_OK);  // the VM lives on
  girder_arena_free(a);
  girder_vm_free(vm);
}

// 100 cycles: under ASan (build-asan) its leak check is the "create and
// destroy leak nothing" bar of issue 13.
TEST(EmbedApi, CreateAndDestroyManyTimes) {
  for (int i = 0; i < 100; ++i) {
    girder_vm* vm = nullptr;
    ASSERT_EQ(girder_vm_new(nullptr, &vm), GIRDER_OK);
    girder_arena* a = nullptr;
    girder_arena_new(vm, &a);
    girder_term r = 0;
    ASSERT_EQ(girder_call(a, "erlang", "node", nullptr, 0, 5000, &r), GIRDER_OK);
    girder_arena_free(a);
    girder_vm_free(vm);
  }
}

}  // namespace

// env value_return, panics and logs: results, limits and exact gas.
#include <gtest/gtest.h>

#include "logic_harness.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::LogicHarness;
using syncwasm::testing::memory_read;

TEST(HostMisc, ValueReturnLastCallWins) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "first second");
  ASSERT_TRUE(L.value_return(5, 0).ok());
  ASSERT_TRUE(L.value_return(6, 6).ok());
  EXPECT_EQ(L.return_data(), std::optional<std::string>("second"));
  EXPECT_EQ(h.burnt(), 2 * h.c.base + memory_read(h.c, 5) + memory_read(h.c, 6));
}

TEST(HostMisc, ValueReturnLengthLimit) {
  LogicHarness h;
  h.config.limits.max_length_returned_data = 4;
  VmLogic& L = h.start();
  EXPECT_EQ(L.value_return(5, 0).take_error().kind, HostErrorKind::ReturnedValueLengthExceeded);
}

TEST(HostMisc, PanicAndPanicUtf8) {
  LogicHarness h;
  VmLogic& L = h.start();
  HostError e = L.panic().take_error();
  EXPECT_EQ(e.kind, HostErrorKind::GuestPanic);
  EXPECT_EQ(e.message, "explicit guest panic");
  EXPECT_EQ(h.burnt(), h.c.base);
  h.put(0, "boom");
  Gas before = h.burnt();
  e = L.panic_utf8(4, 0).take_error();
  EXPECT_EQ(e.kind, HostErrorKind::GuestPanic);
  EXPECT_EQ(e.message, "boom");
  EXPECT_EQ(h.burnt() - before, h.c.base + h.c.utf8_decoding_base + memory_read(h.c, 4) + 4 * h.c.utf8_decoding_byte);
}

TEST(HostMisc, LogUtf8ExactGasAndNulTerminated) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, std::string("hi\0", 3));
  ASSERT_TRUE(L.log_utf8(2, 0).ok());
  EXPECT_EQ(h.burnt(), h.c.base + h.c.utf8_decoding_base + memory_read(h.c, 2) + 2 * h.c.utf8_decoding_byte +
                           h.c.log_base + 2 * h.c.log_byte);
  Gas before = h.burnt();
  ASSERT_TRUE(L.log_utf8(UINT64_MAX, 0).ok());  // reads 'h', 'i', NUL one byte at a time
  EXPECT_EQ(h.burnt() - before, h.c.base + h.c.utf8_decoding_base + 3 * memory_read(h.c, 1) +
                                    2 * h.c.utf8_decoding_byte + h.c.log_base + 2 * h.c.log_byte);
  EXPECT_EQ(L.logs(), (std::vector<std::string>{"hi", "hi"}));
}

TEST(HostMisc, LogRefusesBadUtf8) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "\xc0\x80");  // overlong NUL
  EXPECT_EQ(L.log_utf8(2, 0).take_error().kind, HostErrorKind::BadUTF8);
  h.put(0, "\xed\xa0\x80");  // surrogate
  EXPECT_EQ(L.log_utf8(3, 0).take_error().kind, HostErrorKind::BadUTF8);
}

TEST(HostMisc, LogUtf16) {
  LogicHarness h;
  VmLogic& L = h.start();
  // "hé😀" in UTF-16LE, then a 0x0000 terminator.
  std::string utf16("h\0\xe9\0\x3d\xd8\x00\xde\0\0", 10);
  h.put(0, utf16);
  ASSERT_TRUE(L.log_utf16(8, 0).ok());
  ASSERT_TRUE(L.log_utf16(UINT64_MAX, 0).ok());
  EXPECT_EQ(L.logs(), (std::vector<std::string>{"h\xc3\xa9\xf0\x9f\x98\x80", "h\xc3\xa9\xf0\x9f\x98\x80"}));
  h.put(100, std::string("\x00\xdc", 2));  // lone low surrogate
  EXPECT_EQ(L.log_utf16(2, 100).take_error().kind, HostErrorKind::BadUTF16);
  EXPECT_EQ(L.log_utf16(3, 0).take_error().kind, HostErrorKind::BadUTF16);
}

TEST(HostMisc, LogLimits) {
  LogicHarness h;
  h.config.limits.max_number_logs = 2;
  VmLogic& L = h.start();
  h.put(0, "abc");
  ASSERT_TRUE(L.log_utf8(3, 0).ok());
  ASSERT_TRUE(L.log_utf8(3, 0).ok());
  EXPECT_EQ(L.log_utf8(3, 0).take_error().kind, HostErrorKind::NumberOfLogsExceeded);

  LogicHarness t;
  t.config.limits.max_total_log_length = 5;
  VmLogic& T = t.start();
  ASSERT_TRUE(T.log_utf8(3, 0).ok());
  EXPECT_EQ(T.log_utf8(3, 0).take_error().kind, HostErrorKind::TotalLogLengthExceeded);
  EXPECT_EQ(T.panic_utf8(3, 0).take_error().kind, HostErrorKind::TotalLogLengthExceeded);
}

TEST(HostMisc, AbortLogsAndPanicsWithAssemblyScriptStrings) {
  LogicHarness h;
  VmLogic& L = h.start();
  // AS strings: u32 byte length at ptr-4, then UTF-16LE.
  h.put(100, std::string("\x04\0\0\0o\0k\0", 8));
  h.put(200, std::string("\x06\0\0\0a\0.\0t\0", 10));
  HostError e = L.abort(104, 204, 7, 9).take_error();
  EXPECT_EQ(e.kind, HostErrorKind::GuestPanic);
  EXPECT_EQ(e.message, "ok, filename: \"a.t\" line: 7 col: 9");
  EXPECT_EQ(L.logs(), (std::vector<std::string>{"ABORT: ok, filename: \"a.t\" line: 7 col: 9"}));
  EXPECT_EQ(L.abort(3, 204, 0, 0).take_error().kind, HostErrorKind::BadUTF16);
}

// Case selection: include and exclude globs on case ids, results sorted by id; ids unique.
#include <gtest/gtest.h>

#include "core/registry.hpp"

namespace mxc::core {
namespace {

case_def make(const std::string& id) {
    case_def c;
    c.id = id;
    c.where = {"s.yaml", 1, 1};
    return c;
}

std::vector<std::string> ids(const std::vector<const case_def*>& cases) {
    std::vector<std::string> out;
    for (const auto* c : cases) out.push_back(c->id);
    return out;
}

class Registry : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const char* id :
             {"to_device.send.one_device", "to_device.ack.gone_after_next_batch",
              "to_device.send.large_content", "to_device.wake.send_wakes_long_poll",
              "to_device.ack.redelivered_on_initial_sync"})
            r.add(make(id));
    }
    registry r;
};

TEST(GlobMatch, ShellStyle) {
    EXPECT_TRUE(glob_match("*", "a.b"));
    EXPECT_TRUE(glob_match("to_device.send.*", "to_device.send.one_device"));
    EXPECT_FALSE(glob_match("to_device.send.*", "to_device.ack.one"));
    EXPECT_TRUE(glob_match("*.send.*", "to_device.send.x"));
    EXPECT_TRUE(glob_match("a.?.c", "a.b.c"));
    EXPECT_FALSE(glob_match("a.?.c", "a.bb.c"));
    EXPECT_TRUE(glob_match("a.[bc].d", "a.c.d"));
    EXPECT_FALSE(glob_match("a.[bc].d", "a.e.d"));
    EXPECT_TRUE(glob_match("a.b", "a.b"));
    EXPECT_FALSE(glob_match("a.b", "a.b.c"));
    EXPECT_FALSE(glob_match("", "a"));
}

TEST_F(Registry, NoGlobsSelectsEverythingSortedById) {
    EXPECT_EQ(ids(r.select({}, {})),
              (std::vector<std::string>{"to_device.ack.gone_after_next_batch",
                                        "to_device.ack.redelivered_on_initial_sync",
                                        "to_device.send.large_content", "to_device.send.one_device",
                                        "to_device.wake.send_wakes_long_poll"}));
}

TEST_F(Registry, IncludeGlobsAreOred) {
    EXPECT_EQ(ids(r.select({"to_device.ack.*"}, {})),
              (std::vector<std::string>{"to_device.ack.gone_after_next_batch",
                                        "to_device.ack.redelivered_on_initial_sync"}));
    EXPECT_EQ(ids(r.select({"*.wake.*", "*.one_device"}, {})),
              (std::vector<std::string>{"to_device.send.one_device",
                                        "to_device.wake.send_wakes_long_poll"}));
    EXPECT_TRUE(r.select({"nothing.*"}, {}).empty());
}

TEST_F(Registry, ExcludeWinsOverInclude) {
    EXPECT_EQ(ids(r.select({"to_device.send.*"}, {"*.large_content"})),
              std::vector<std::string>{"to_device.send.one_device"});
    EXPECT_EQ(r.select({}, {"*"}).size(), 0u);
    EXPECT_EQ(r.select({}, {"to_device.ack.*", "to_device.wake.*"}).size(), 2u);
}

TEST_F(Registry, FindAndDuplicateIds) {
    ASSERT_NE(r.find("to_device.send.one_device"), nullptr);
    EXPECT_EQ(r.find("to_device.send"), nullptr);
    auto dup = make("to_device.send.one_device");
    dup.where = {"other.yaml", 7, 5};
    try {
        r.add(dup);
        FAIL() << "duplicate id accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(
            e.what(),
            "other.yaml:7:5: case id 'to_device.send.one_device' is already defined at s.yaml:1:1");
    }
    registry other;
    other.add(make("to_device.ack.gone_after_next_batch"));
    EXPECT_THROW(r.merge(other), std::runtime_error);
    registry fresh;
    fresh.add(make("x.y"));
    r.merge(fresh);
    EXPECT_EQ(r.size(), 6u);
}

}  // namespace
}  // namespace mxc::core

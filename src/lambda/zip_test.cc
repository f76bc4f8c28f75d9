#include "lambda/zip.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace stepshift::lambdas {
namespace {

TEST(ZipTest, ReadsWhatMakeZipWrites) {
  std::string zip = MakeZip(
      {{"index.py", "def handler(e, c):\n  return e\n", 0644}, {"lib/util.py", "X = 1\n", 0}});
  auto entries = ReadZip(zip);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, "index.py");
  EXPECT_EQ((*entries)[1].data, "X = 1\n");
}

TEST(ZipTest, RejectsWhatIsNotAZip) {
  EXPECT_FALSE(ReadZip("hello world").ok());
  EXPECT_FALSE(ReadZip("").ok());
  std::string zip = MakeZip({{"a.py", "abc", 0}});
  zip[zip.size() / 3] ^= 0x55;  // corrupt the data: the CRC no longer matches
  EXPECT_FALSE(ReadZip(zip).ok());
}

TEST(ZipTest, ExtractRefusesEntriesOutsideTheRoot) {
  std::string dir = testing::TempDir() + "/zip_escape";
  EXPECT_FALSE(ExtractZip(MakeZip({{"../evil.py", "x", 0}}), dir).ok());
  EXPECT_FALSE(std::filesystem::exists(testing::TempDir() + "/evil.py"));
}

TEST(ZipTest, ExtractWritesFilesAndDirectories) {
  std::string dir = testing::TempDir() + "/zip_extract";
  ASSERT_TRUE(
      ExtractZip(MakeZip({{"pkg/", "", 0}, {"pkg/mod.js", "module.exports = 1", 0}}), dir).ok());
  std::ifstream in(dir + "/pkg/mod.js");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "module.exports = 1");
}

}  // namespace
}  // namespace stepshift::lambdas

// The fortunes served by qt-fortune-server: the seven of Qt 5.15's Fortune
// Server example, in the same order, plus one with non-ASCII characters.
// Index 7 is the Chinese one. Keep in sync with README.md and golden/.
#pragma once

static const char *const kFortunes[] = {
    "You've been leading a dog's life. Stay off the furniture.",
    "You've got to think about tomorrow.",
    "You will be surprised by a loud noise.",
    "You will feel hungry again in another hour.",
    "You might have mail.",
    "You cannot kill time without injuring eternity.",
    "Computers are not intelligent. They only think they are.",
    "你好，世界！Qt 的信号与槽。",
};
static const int kFortuneCount = int(sizeof(kFortunes) / sizeof(kFortunes[0]));

"""`leafdeck init`: a commented starting spec with every section, valid as written.

The template is written once, in Traditional Chinese; the Simplified one is made
from it by the same converter `leafdeck convert` uses, comments included.
"""

from __future__ import annotations

from pathlib import Path

from builder.errors import BuildError, Location
from builder.output import write_atomic

TEMPLATE = """\
# 衛教單：{name}
# 每一段都可以刪掉不要；只有 title 和 language 一定要有。
# 改完後執行：leafdeck build {path}   （檢查寫法：leafdeck validate、leafdeck lint）
# 一行一句，短短的就好；句子盡量不要超過 40 個字。

# 標題：病人一看就知道在講什麼
title: 請把這裡改成衛教單的標題
# 語言：zh-Hant-TW（台灣繁體）或 zh-Hans-CN（大陸簡體）
language: zh-Hant-TW
# 副標題（可省略）
subtitle: 一句話說明這張衛教單在講什麼
# 診所資料另外放一個檔案，所有衛教單共用（路徑相對於這個檔案）
# clinic: clinics/my-clinic.yaml

# 最重要的一句話：病人只記得一句時，要記得這句
main_message: 請把這裡改成病人一定要記住的一句話。

# 重點整理：3 到 5 點
key_points:
  - 第一個重點。
  - 第二個重點。

# 這是什麼：用白話說明，一段一行
what_it_is:
  - 用一兩句話說明這是什麼問題。

# 身體構造，簡單說（可省略）
anatomy:
  - 用生活中的比喻說明相關的身體構造。

# 常見症狀
symptoms:
  - 第一個常見症狀。

# 痛的路線：從哪裡痛到哪裡
pain_routes:
  - name: 症狀 A：請改成這種痛的名稱
    route: [腰部, 屁股, 大腿後側]
    feeling: 刺痛或麻
    when: 久坐之後
    # 身體地圖：view 選 front/back/side/hand/foot，side 選 left/right/both，
    # route 每一步寫一個部位（名稱見 leafdeck schema 或 README），步數要和上面的 route 一樣
    map:
      view: back
      side: right
      route: [lower_back, buttock, back_thigh]

# 哪些情況會更痛／會舒緩
worse:
  - 久坐超過一小時。
better:
  - 起來走一走。

# 比較表：2 到 4 欄，每一列的格數要和欄數一樣
comparisons:
  - title: 兩種情況比一比
    columns: [比較, 情況一, 情況二]
    rows:
      - [痛的位置, 請填寫, 請填寫]

# 自我檢查：幾題打勾就建議就醫
self_check:
  questions:
    - 第一個自我檢查問題？
    - 第二個自我檢查問題？
  rule:
    threshold: 2
    at_or_above: 建議找醫師檢查。
    below: 先觀察，症狀加重再就醫。

# 危險警訊：出現就要立刻就醫（請一定要寫）
red_flags:
  items:
    - 大小便失禁或解不出來。
    - 腳突然無力。
  action: 請立即就醫或到急診。

# 千萬別做的動作：為什麼不好、改做什麼
ng_moves:
  - move: 請改成要避免的動作
    why: 說明為什麼會讓情況變糟。
    instead: 建議改做的動作。

# 睡姿：recommended（推薦）、acceptable（可以）、not_recommended（不建議）
sleep_positions:
  - name: 側睡，兩膝中間夾枕頭
    rating: recommended
    how: [側躺，膝蓋微彎。]
    why: 說明這個姿勢為什麼比較好。

# 居家運動：分階段，每個運動寫份量（組數、次數、停幾秒、每天幾次）
exercises:
  - name: 第一階段：請改成階段名稱
    goal: 這個階段的目標。
    exercises:
      - name: 請改成運動名稱
        purpose: 這個運動的作用。
        steps:
          - 第一步。
          - 第二步。
        dose:
          sets: 2
          reps: 10
          hold_seconds: 5
          times_per_day: 1
        cautions: [動作要慢。]
        stop_if: 痛明顯加重或腳麻加劇。

# 日常生活小提醒：依情境或對象分組
daily_tips:
  - situation: 上班族
    tips: [每坐 40 分鐘起來走一走。]

# 治療方式
treatments:
  - name: 請改成治療方式
    what: 用白話說明這是什麼治療。
    benefits: [好處。]
    limits: [限制。]
    suits: 適合哪些人。

# 常見迷思
myths:
  - myth: 一個常見的錯誤想法。
    fact: 正確的說法。

# 常見問題
faq:
  - q: 病人常問的問題？
    a: 簡短的回答。

# 真實案例（可省略，適合講座）
case_story:
  title: 案例：請改成案例標題
  paragraphs:
    - 用兩三句話說這位病人的經過。

# 參考資料
references:
  - 作者. 標題. 期刊. 年份.

# 醫師審閱過內容後，填上審閱日期（YYYY-MM-DD）
# review_date: 2026-01-01

# 免責聲明（不寫就用預設的一句）
disclaimer: 本單張僅供衛教參考，不能取代醫師的診斷與治療。
"""


def write_starting_spec(name: str, language: str, folder: Path) -> Path:
    """Write folder/NAME.yaml; refuses to overwrite an existing file."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise BuildError(f"'{name}' is not a file name; use letters, digits and dashes, e.g. knee-pain")
    path = folder / f"{name}.yaml"
    if path.exists():
        raise BuildError("the file already exists; pick another name or edit it", Location(path))
    text = TEMPLATE.format(name=name, path=path)
    if language == "zh-Hans-CN":
        from builder.convert import converter

        text = converter("zh-Hans-CN")(text).replace("language: zh-Hant-TW", "language: zh-Hans-CN")
    write_atomic(path, text.encode("utf-8"))
    return path

"""The fixed words a leaflet prints around the spec's own text, per language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from builder.spec.model import ClinicProfile, SelfCheckRule
from builder.typeset.chars import CLOSING_MARKS
from builder.typeset.normalize import normalize_text


class Labels(NamedTuple):
    """The words printed around a spec's own text in one language: a fixed record, read only. A
    NamedTuple rather than a frozen dataclass, which would generate (exec) an __init__, __eq__,
    __hash__, __repr__ and __setattr__ over its 92 fields on every start (≈3 ms against ≈0.4)."""

    key_points: str
    what_it_is: str
    anatomy: str
    symptoms: str
    pain_routes: str
    route: str
    feeling: str
    when: str
    worse: str
    better: str
    comparisons: str
    self_check: str
    self_check_intro: str
    rule_title: str
    rule_at_or_above: str
    rule_below: str
    rule_several: str
    red_flags: str
    red_flags_intro: str
    ng_moves: str
    why: str
    instead: str
    sleep_positions: str
    ratings: dict[str, str]
    exercises: str
    goal: str
    purpose: str
    dose: str
    cautions: str
    stop_if: str
    daily_tips: str
    treatments: str
    benefits: str
    limits: str
    suits: str
    myths: str
    myth: str
    fact: str
    faq: str
    question: str
    case_story: str
    clinic: str
    address: str
    phone: str
    website: str
    line: str
    hours: str
    references: str
    review_date: str
    no_review_date: str
    draft: str  # the mark on every page and slide of a spec without review_date
    sources: str  # speaker notes: where a slide's content comes from
    disclaimer: str
    deck_disclaimer: str  # a talk's slides are not a 單張: the default names what the audience sees
    page: str
    sets: str
    reps: str
    reps_per_side: str
    hold: str
    times_per_day: str
    as_prescribed: str
    dose_blanks: tuple[str, str, str, str]  # sets, reps, hold, times a day: boxes to fill in by hand
    list_separator: str
    main_message: str
    agenda: str
    summary: str
    questions: str
    continued: str
    handout_notes: str  # beside each slide of the audience's handout, over the lines for notes
    minutes: str
    suggested_time: str  # speaker notes: this slide's share of the talk's minutes
    duration: tuple[str, str, str]  # minutes and seconds, whole minutes, seconds only
    scan: str
    exercise_sheet: str
    patient: str
    start_date: str
    therapist: str
    week: str
    tracking: str
    tracking_intro: str
    exercise: str
    full_leaflet: str
    video: str
    # a slide's speaker notes as a script: neutral words around the spec's own (builder.compose.deck)
    counts: tuple[str, ...]  # 一 兩 … 十: 「這張講兩件事。」
    nth: str  # 「第{n}，」 before an item said in turn
    items_here: str  # the first line of a slide that lists several items
    items_more: str  # the first line of a continuation slide that lists several
    closing_script: str  # the Q&A slide
    references_script: str  # the references slide
    section_script: str  # a talk's divider: the sentence that opens a condition's part
    red_flags_again: str  # a later condition whose red flags an earlier one showed


NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")  # the same in both scripts

_HANT = Labels(
    key_points="重點整理",
    what_it_is="這是什麼？",
    anatomy="身體構造，簡單說",
    symptoms="常見症狀",
    pain_routes="痛的路線",
    route="路線",
    feeling="感覺",
    when="何時明顯",
    worse="哪些情況會更痛",
    better="哪些情況會舒緩",
    comparisons="比一比",
    self_check="自我檢查",
    self_check_intro="符合的項目請打勾：",
    rule_title="怎麼判斷",
    rule_at_or_above="{n} 項以上打勾：",
    rule_below="少於 {n} 項：",
    rule_several="多項打勾：",
    red_flags="危險警訊：請立即就醫",
    red_flags_intro="出現以下任何一項，不要等待，請馬上就醫：",
    ng_moves="千萬別做的動作",
    why="原因：",
    instead="改做：",
    sleep_positions="睡姿建議",
    ratings={"recommended": "推薦", "acceptable": "可以", "not_recommended": "不建議"},
    exercises="居家運動",
    goal="目標：",
    purpose="作用：",
    dose="份量：",
    cautions="注意：",
    stop_if="出現這些情況請停止：",
    daily_tips="日常生活小提醒",
    treatments="治療方式",
    benefits="好處：",
    limits="限制：",
    suits="適合：",
    myths="常見迷思",
    myth="迷思：",
    fact="事實：",
    faq="常見問題",
    question="問",
    case_story="真實案例",
    clinic="聯絡我們",
    address="地址：",
    phone="電話：",
    website="網站：",
    line="LINE：",
    hours="門診時間：",
    references="參考資料",
    review_date="審閱日期：{date}",
    no_review_date="審閱日期：未填寫",
    draft="草稿・未經審閱",
    sources="出處：",
    disclaimer="本單張僅供衛教參考，不能取代醫師的診斷與治療。如有不適，請就醫。",
    deck_disclaimer="本簡報僅供衛教參考，不能取代醫師的診斷與治療。如有不適，請就醫。",
    page="第 {page} / {pages} 頁",
    sets="{n} 組",
    reps="每組 {n} 下",
    reps_per_side="每邊 {n} 下",
    hold="每下停 {n} 秒",
    times_per_day="每天 {n} 次",
    as_prescribed="次數依治療師指示",
    dose_blanks=("組數", "每組次數", "停留秒數", "每天次數"),
    list_separator="，",
    main_message="一句話記住",
    agenda="今天要談的",
    summary="重點回顧",
    questions="Q&A 問與答",
    continued="（續）",
    handout_notes="筆記",
    minutes="預計 {n} 分鐘",
    suggested_time="建議時間：約 {time}",
    duration=("{m} 分 {s} 秒", "{m} 分鐘", "{s} 秒"),
    scan="掃描 QR code，看更多衛教資訊",
    exercise_sheet="居家運動單",
    patient="姓名",
    start_date="開始日期",
    therapist="治療師",
    week="第 {n} 週",
    tracking="每天打勾紀錄",
    tracking_intro="做完一項就在當天的格子打勾，回診時帶來給治療師看。",
    exercise="運動",
    full_leaflet="完整衛教單：請掃描 QR code",
    video="掃描 QR code 看示範影片",
    counts=(NUMERALS[0], "兩", *NUMERALS[2:]),  # 兩件事, not 二件事
    nth="第{n}，",
    items_here="這張講{n}件事。",
    items_more="接著再講{n}件事。",
    closing_script="有任何問題，歡迎提出來。",
    references_script="今天的內容出自這些資料。",
    section_script="接下來談「{title}」。",
    red_flags_again="危險警訊和「{title}」那一段相同，請翻回那張再提醒一次。",
)

_HANS = Labels(
    key_points="重点整理",
    what_it_is="这是什么？",
    anatomy="身体构造，简单说",
    symptoms="常见症状",
    pain_routes="疼痛的路线",
    route="路线",
    feeling="感觉",
    when="何时明显",
    worse="哪些情况会更痛",
    better="哪些情况会缓解",
    comparisons="比一比",
    self_check="自我检查",
    self_check_intro="符合的项目请打勾：",
    rule_title="怎么判断",
    rule_at_or_above="{n} 项以上打勾：",
    rule_below="少于 {n} 项：",
    rule_several="多项打勾：",
    red_flags="危险信号：请立即就医",
    red_flags_intro="出现以下任何一项，不要等待，请马上就医：",
    ng_moves="千万别做的动作",
    why="原因：",
    instead="改做：",
    sleep_positions="睡姿建议",
    ratings={"recommended": "推荐", "acceptable": "可以", "not_recommended": "不建议"},
    exercises="居家运动",
    goal="目标：",
    purpose="作用：",
    dose="分量：",
    cautions="注意：",
    stop_if="出现这些情况请停止：",
    daily_tips="日常生活小提醒",
    treatments="治疗方式",
    benefits="好处：",
    limits="局限：",
    suits="适合：",
    myths="常见误区",
    myth="误区：",
    fact="事实：",
    faq="常见问题",
    question="问",
    case_story="真实案例",
    clinic="联系我们",
    address="地址：",
    phone="电话：",
    website="网站：",
    line="LINE：",
    hours="门诊时间：",
    references="参考资料",
    review_date="审阅日期：{date}",
    no_review_date="审阅日期：未填写",
    draft="草稿・未经审阅",
    sources="出处：",
    disclaimer="本单页仅供健康教育参考，不能替代医生的诊断和治疗。如有不适，请及时就医。",
    deck_disclaimer="本演示文稿仅供健康教育参考，不能替代医生的诊断和治疗。如有不适，请及时就医。",
    page="第 {page} / {pages} 页",
    sets="{n} 组",
    reps="每组 {n} 下",
    reps_per_side="每边 {n} 下",
    hold="每下停 {n} 秒",
    times_per_day="每天 {n} 次",
    as_prescribed="次数遵治疗师指示",
    dose_blanks=("组数", "每组次数", "停留秒数", "每天次数"),
    list_separator="，",
    main_message="一句话记住",
    agenda="今天要讲的",
    summary="重点回顾",
    questions="Q&A 问与答",
    continued="（续）",
    handout_notes="笔记",
    minutes="预计 {n} 分钟",
    suggested_time="建议时间：约 {time}",
    duration=("{m} 分 {s} 秒", "{m} 分钟", "{s} 秒"),
    scan="扫描二维码，了解更多健康知识",
    exercise_sheet="居家运动单",
    patient="姓名",
    start_date="开始日期",
    therapist="治疗师",
    week="第 {n} 周",
    tracking="每天打勾记录",
    tracking_intro="做完一项就在当天的格子打勾，复诊时带来给治疗师看。",
    exercise="运动",
    full_leaflet="完整健康教育单：请扫描二维码",
    video="扫描二维码看示范视频",
    counts=(NUMERALS[0], "两", *NUMERALS[2:]),
    nth="第{n}，",
    items_here="这张讲{n}件事。",
    items_more="接着再讲{n}件事。",
    closing_script="有任何问题，欢迎提出来。",
    references_script="今天的内容出自这些资料。",
    section_script="接下来谈「{title}」。",
    red_flags_again="危险信号和「{title}」那一段相同，请翻回那张再提醒一次。",
)

LABELS = {"zh-Hant-TW": _HANT, "zh-Hans-CN": _HANS}
LANGUAGE_TAGS = {"zh-Hant-TW": "zh-TW", "zh-Hans-CN": "zh-CN"}  # as a PDF's /Lang and a deck's lang= say it


# An item ending in one of these needs no separator before the next: 「…痛。」「做完後…」
_ENDS_ITSELF = frozenset("。！？；，、：…!?;,")


def join_items(texts: Sequence[str], separator: str) -> str:
    """List items as one run of text: 「動作要慢，腰不要拱起。」 — never 「動作要慢。，腰不要拱起」.

    An item that already ends a sentence or a clause (also inside a closing bracket or quote)
    is followed directly by the next one; any other item gets the separator."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if out:
            tail = out.rstrip("".join(CLOSING_MARKS)) if out[-1] in CLOSING_MARKS else out
            if not (tail and tail[-1] in _ENDS_ITSELF):
                out += separator
        out += text
    return out


def phone_number(phone: str) -> str:
    """A phone number as every piece prints it (contact block, page footer, slides): normalised on
    its own, so it reads as the clinic wrote it, `(02) 2345-6789`. Normalised together with the
    「電話：」 before it, its brackets touched Chinese text and became 「（02）2345-6789」."""
    return normalize_text(phone)


def contact_fields(clinic: ClinicProfile, labels: Labels) -> list[tuple[str, str]]:
    """(label, value) for each contact detail the clinic gave, in the order they are printed."""
    fields = [
        (labels.address, clinic.address),
        (labels.phone, phone_number(clinic.phone) if clinic.phone else None),
        (labels.website, clinic.website),
        (labels.line, clinic.line),
        (labels.hours, join_items(clinic.hours, labels.list_separator) if clinic.hours else None),
    ]
    return [(label, value) for label, value in fields if value]


def rule_lines(rule: SelfCheckRule, labels: Labels) -> list[tuple[str, str]]:
    """The self-check rule as (label, advice) lines; an open threshold reads 多項, as its source says."""
    if rule.threshold is None:
        return [(labels.rule_several, rule.at_or_above)]
    lines = [(labels.rule_at_or_above.format(n=rule.threshold), rule.at_or_above)]
    if rule.below:
        lines.append((labels.rule_below.format(n=rule.threshold), rule.below))
    return lines


def suggested_time(seconds: int, labels: Labels) -> str:
    """「建議時間：約 1 分 30 秒」: a slide's share of the talk, as its speaker notes say it."""
    minutes, rest = divmod(seconds, 60)
    both, whole, only = labels.duration
    template = only if not minutes else whole if not rest else both
    return labels.suggested_time.format(time=template.format(m=minutes, s=rest))


def labels_for(language: str) -> Labels:
    return LABELS[language]

"""The closed label sets of DOMAIN.md §2–5.

Topic areas and subject groups differ by agency, so they are data
(:class:`~dlxh.model.taxonomy.Taxonomy`), not
enumerations. What is here is fixed by the practice itself.
"""

from __future__ import annotations

from typing import Self

from dlxh.model.labelled import LabelledEnum

__all__ = [
    "AgeBand",
    "Breadth",
    "Channel",
    "CollaboratorRole",
    "CollaboratorStatus",
    "CompetentLevel",
    "Interest",
    "Method",
    "Mood",
    "OrganisationKind",
    "Orientation",
    "Origin",
    "RecommendationStatus",
    "ReportKind",
    "ReviewState",
    "Scope",
    "Sex",
]


class Orientation(LabelledEnum):
    """*Khuynh hướng*: which way an opinion leans."""

    APPROVE = "approve", "Tán thành, đồng tình"
    OPPOSE = "oppose", "Phản đối"
    UNEASY = "uneasy", "Băn khoăn, lưỡng lự"
    UNCLEAR = "unclear", "Chưa rõ"


class Mood(LabelledEnum):
    """*Tâm trạng*: an item can carry several."""

    ENTHUSIASTIC = "enthusiastic", "Phấn khởi"
    CONFIDENT = "confident", "Tin tưởng"
    CONSENSUAL = "consensual", "Đồng thuận"
    AGREEING = "agreeing", "Đồng tình"
    SUPPORTIVE = "supportive", "Ủng hộ"
    UNEASY = "uneasy", "Băn khoăn"
    TROUBLED = "troubled", "Trăn trở"
    WORRIED = "worried", "Lo lắng"
    SCEPTICAL = "sceptical", "Hoài nghi"
    FRUSTRATED = "frustrated", "Bức xúc"
    INDIGNANT = "indignant", "Bất bình"

    @property
    def is_negative(self) -> bool:
        """True for the moods that signal pressure (*bức xúc, bất bình, lo lắng...*)."""
        return self in _NEGATIVE_MOODS


_NEGATIVE_MOODS = frozenset(
    {Mood.WORRIED, Mood.SCEPTICAL, Mood.FRUSTRATED, Mood.INDIGNANT, Mood.TROUBLED}
)


class Breadth(LabelledEnum):
    """*Độ rộng*: how widely an opinion is held, an ordered scale.

    Members compare by breadth: ``Breadth.MAJORITY > Breadth.SOME_PEOPLE``.
    """

    SOMEONE = "someone", "Có người"
    SOME_PEOPLE = "some_people", "Một số người"
    PART = "part", "Một bộ phận"
    MANY_OPINIONS = "many_opinions", "Nhiều ý kiến"
    LARGE_NUMBER = "large_number", "Số đông"
    MAJORITY = "majority", "Đa số"
    OVERWHELMING_MAJORITY = "overwhelming_majority", "Tuyệt đại đa số"

    @property
    def rank(self) -> int:
        """0 for the narrowest (*có người*) up to 6 for the widest (*tuyệt đại đa số*)."""
        return _BREADTH_ORDER.index(self)

    # str's own comparisons would order by spelling; breadth orders by rank.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Breadth):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Breadth):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Breadth):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Breadth):
            return NotImplemented
        return self.rank >= other.rank

    __hash__ = LabelledEnum.__hash__

    @classmethod
    def ordered(cls) -> tuple[Self, ...]:
        """All members from the narrowest to the widest."""
        return tuple(cls)


_BREADTH_ORDER: tuple[Breadth, ...] = tuple(Breadth)


class Interest(LabelledEnum):
    """*Mức độ quan tâm* / intensity; ``VERY_HIGH`` marks a *vấn đề nóng, nổi cộm*."""

    LOW = "low", "Thấp"
    MEDIUM = "medium", "Trung bình"
    HIGH = "high", "Cao"
    VERY_HIGH = "very_high", "Rất cao (vấn đề nóng)"


class Scope(LabelledEnum):
    """*Phạm vi* of an issue."""

    INTERNATIONAL = "international", "Quốc tế"
    NATIONAL = "national", "Trong nước"
    LOCAL = "local", "Địa phương"


class Origin(LabelledEnum):
    """*Nguồn gốc* of an item; rumour is kept apart from opinion."""

    FIRST_HAND = "first_hand", "Trực tiếp"
    SECOND_HAND = "second_hand", "Gián tiếp"
    OFFICIAL_PRESS = "official_press", "Báo chí chính thống"
    SOCIAL_MEDIA = "social_media", "Mạng xã hội"
    RUMOUR = "rumour", "Tin đồn chưa kiểm chứng"


class Method(LabelledEnum):
    """How an opinion was grasped (DOMAIN.md §1)."""

    OBSERVATION = "observation", "Quan sát"
    INTERVIEW = "interview", "Phỏng vấn sâu"
    GROUP_DISCUSSION = "group_discussion", "Thảo luận nhóm"
    SURVEY = "survey", "Điều tra xã hội học"
    MEDIA_MONITORING = "media_monitoring", "Theo dõi báo chí, mạng xã hội"
    VOTER_MEETING = "voter_meeting", "Tiếp xúc cử tri"
    OTHER = "other", "Khác"


class Channel(LabelledEnum):
    """The channel through which an item reached the reporter."""

    IN_PERSON = "in_person", "Trực tiếp"
    MEETING = "meeting", "Hội nghị, cuộc họp"
    LETTER = "letter", "Đơn thư"
    PHONE = "phone", "Điện thoại"
    ZALO = "zalo", "Zalo"
    APP = "app", "Ứng dụng"
    PRESS = "press", "Báo chí"
    SOCIAL_MEDIA = "social_media", "Mạng xã hội"
    OTHER = "other", "Khác"


class CompetentLevel(LabelledEnum):
    """*Thẩm quyền*: the level that must answer a recommendation."""

    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Tỉnh"
    COMMUNE = "commune", "Xã"


class RecommendationStatus(LabelledEnum):
    """Handling status of a recommendation, carried across periods."""

    NEW = "new", "Mới"
    FORWARDED = "forwarded", "Đã chuyển"
    IN_PROGRESS = "in_progress", "Đang giải quyết"
    ANSWERED = "answered", "Đã trả lời"
    RESOLVED = "resolved", "Đã giải quyết"
    NOT_COMPETENT = "not_competent", "Không thuộc thẩm quyền"

    @property
    def is_open(self) -> bool:
        """True while people still wait for an answer."""
        return self in (
            RecommendationStatus.NEW,
            RecommendationStatus.FORWARDED,
            RecommendationStatus.IN_PROGRESS,
        )


class ReportKind(LabelledEnum):
    """Kinds of report (DOMAIN.md §3)."""

    QUICK = "quick", "Báo cáo nhanh"
    PERIODIC = "periodic", "Báo cáo định kỳ"
    AD_HOC = "ad_hoc", "Báo cáo đột xuất"
    THEMATIC = "thematic", "Báo cáo chuyên đề"
    PEOPLE_SITUATION = "people_situation", "Báo cáo tình hình nhân dân"
    OPINION_SITUATION = "opinion_situation", "Báo cáo tình hình tư tưởng, dư luận xã hội"
    VOTER_PETITIONS = "voter_petitions", "Tổng hợp ý kiến, kiến nghị của cử tri và Nhân dân"
    MEDIA_DIGEST = "media_digest", "Điểm báo chí, mạng xã hội"
    SURVEY_RESULTS = "survey_results", "Báo cáo kết quả điều tra"
    SYNTHESIS = "synthesis", "Báo cáo tổng hợp"


class OrganisationKind(LabelledEnum):
    """Organisations that grasp, report or receive opinion (DOMAIN.md §5)."""

    FRONT_COMMITTEE = "front_committee", "Ủy ban Mặt trận Tổ quốc Việt Nam"
    FRONT_WORK_BOARD = "front_work_board", "Ban công tác Mặt trận"
    TRADE_UNION = "trade_union", "Công đoàn"
    FARMERS_UNION = "farmers_union", "Hội Nông dân"
    YOUTH_UNION = "youth_union", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    WOMENS_UNION = "womens_union", "Hội Liên hiệp Phụ nữ"
    VETERANS_ASSOCIATION = "veterans_association", "Hội Cựu chiến binh"
    PROPAGANDA_MOBILISATION = "propaganda_mobilisation", "Ban Tuyên giáo và Dân vận"
    NA_DELEGATION = "na_delegation", "Đoàn đại biểu Quốc hội"
    PEOPLES_COUNCIL = "peoples_council", "Hội đồng nhân dân"
    PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
    PARTY_COMMITTEE = "party_committee", "Cấp ủy Đảng"
    CUSTOM = "custom", "Tổ chức khác"

    @property
    def is_member_organisation(self) -> bool:
        """True for the five socio-political organisations under the Front since 2025."""
        return self in _MEMBER_ORGANISATIONS


_MEMBER_ORGANISATIONS = frozenset(
    {
        OrganisationKind.TRADE_UNION,
        OrganisationKind.FARMERS_UNION,
        OrganisationKind.YOUTH_UNION,
        OrganisationKind.WOMENS_UNION,
        OrganisationKind.VETERANS_ASSOCIATION,
    }
)


class CollaboratorRole(LabelledEnum):
    """Roles in the collaborator network."""

    OPINION_COLLABORATOR = "opinion_collaborator", "Cộng tác viên dư luận xã hội"
    DIRECT_LINE_COLLABORATOR = "direct_line_collaborator", "Cộng tác viên đơn tuyến"
    REPORTER = "reporter", "Báo cáo viên"
    PROPAGANDIST = "propagandist", "Tuyên truyền viên"
    ADVISORY_MEMBER = "advisory_member", "Thành viên hội đồng tư vấn"
    OFFICER = "officer", "Cán bộ chuyên trách"


class CollaboratorStatus(LabelledEnum):
    """Whether a collaborator is active."""

    ACTIVE = "active", "Đang hoạt động"
    SUSPENDED = "suspended", "Tạm dừng"
    ENDED = "ended", "Đã thôi"


class Sex(LabelledEnum):
    """Sex as recorded on the roster."""

    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"
    UNSPECIFIED = "unspecified", "Không ghi"


class AgeBand(LabelledEnum):
    """Age bands used for representativeness."""

    UNDER_30 = "under_30", "Dưới 30"
    FROM_30_TO_44 = "30_44", "Từ 30 đến 44"
    FROM_45_TO_59 = "45_59", "Từ 45 đến 59"
    FROM_60 = "60_plus", "Từ 60 trở lên"
    UNSPECIFIED = "unspecified", "Không ghi"


class ReviewState(LabelledEnum):
    """Whether a person has looked at a label."""

    UNREVIEWED = "unreviewed", "Chưa xem xét"
    CONFIRMED = "confirmed", "Đã xác nhận"
    CORRECTED = "corrected", "Đã sửa"

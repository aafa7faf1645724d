import math

import pytest

from course2 import schedules as S


def test_inverse_time_by_hand():
    s = S.make_schedule("inverse_time", 0.2, decay_rate=1.0)
    assert [s(e) for e in range(4)] == pytest.approx([0.2, 0.1, 0.2 / 3, 0.05])


def test_exponential_by_hand():
    s = S.make_schedule("exponential", 0.2, k=0.95)
    assert [s(e) for e in range(3)] == pytest.approx([0.2, 0.19, 0.2 * 0.9025])


def test_step_staircase_by_hand():
    s = S.make_schedule("staircase", 1.0, k=0.5, step_size=3)
    assert [s(e) for e in range(8)] == pytest.approx([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25])


def test_inverse_sqrt_starts_at_alpha0():
    s = S.make_schedule("inverse_sqrt", 0.3)
    assert [s(e) for e in range(4)] == pytest.approx([0.3, 0.3 / math.sqrt(2), 0.3 / math.sqrt(3), 0.15])


def test_interval_decay_is_schedule_lr_decay():
    s = S.make_schedule("interval", 0.5, decay_rate=0.3, time_interval=1000)
    assert s(0) == s(999) == 0.5
    assert s(1000) == pytest.approx(0.5 / 1.3)
    assert s(2500) == pytest.approx(0.5 / 1.6)


def test_interval_decay_keeps_alpha_where_per_epoch_decay_collapses_it():
    per_epoch = S.make_schedule("inverse_time", 0.1, decay_rate=1.0)
    interval = S.make_schedule("interval", 0.1, decay_rate=1.0, time_interval=1000)
    assert per_epoch(5000) < 1e-3 * 0.1          # almost nothing left
    assert interval(5000) == pytest.approx(0.1 / 6)


def test_constant_and_every_schedule_starts_at_alpha0():
    for name in S.SCHEDULES:
        assert S.make_schedule(name, 0.07)(0) == pytest.approx(0.07), name


def test_schedules_never_increase():
    kws = {"inverse_time": {"decay_rate": 0.5}, "exponential": {"k": 0.9}, "staircase": {"k": 0.5, "step_size": 2},
           "interval": {"decay_rate": 2.0, "time_interval": 3}}
    for name in S.SCHEDULES:
        s = S.make_schedule(name, 1.0, **kws.get(name, {}))
        values = [s(e) for e in range(50)]
        assert all(b <= a for a, b in zip(values, values[1:])), name
        assert values[-1] > 0


def test_repr_names_the_parameters():
    assert repr(S.make_schedule("staircase", 0.1, k=0.5, step_size=4)) == "Staircase(alpha0=0.1, k=0.5, step_size=4)"


# -- bad input -----------------------------------------------------------------------------------
def test_unknown_schedule_name():
    with pytest.raises(ValueError, match="schedule.*'cosine'"):
        S.make_schedule("cosine", 0.1)


def test_unknown_parameter_for_a_schedule():
    with pytest.raises(TypeError, match="exponential"):
        S.make_schedule("exponential", 0.1, decay_rate=1.0)


@pytest.mark.parametrize("alpha0", [0.0, -0.1, float("nan")])
def test_bad_alpha0(alpha0):
    with pytest.raises(ValueError, match="alpha0"):
        S.make_schedule("constant", alpha0)


def test_bad_parameters():
    with pytest.raises(ValueError, match="decay_rate"):
        S.make_schedule("inverse_time", 0.1, decay_rate=-1.0)
    with pytest.raises(ValueError, match="k"):
        S.make_schedule("exponential", 0.1, k=1.5)
    with pytest.raises(ValueError, match="k"):
        S.make_schedule("staircase", 0.1, k=0.0)
    with pytest.raises(ValueError, match="step_size"):
        S.make_schedule("staircase", 0.1, step_size=0)
    with pytest.raises(ValueError, match="time_interval"):
        S.make_schedule("interval", 0.1, time_interval=0)
    with pytest.raises(TypeError, match="time_interval"):
        S.make_schedule("interval", 0.1, time_interval=2.5)


@pytest.mark.parametrize("epoch", [-1, 1.5, "3"])
def test_bad_epoch(epoch):
    s = S.make_schedule("inverse_time", 0.1)
    with pytest.raises((ValueError, TypeError), match="epoch"):
        s(epoch)

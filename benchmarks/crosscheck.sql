-- The verdicts of bench_crosscheck.py's synthetic claims as one DuckDB query (the baseline):
-- the claimed interval from the digits as written (precision capped at 5% of |v|, the
-- 5% width of "about"), the same-period and knowable (release lag) matches by ASOF joins,
-- verdicts by the close band of 5%, and the reasons of these claims in words (period and
-- scale slips, published after the claim, sign flips), and the held releases of revised
-- datasets: a claim judged on the latest release held from before it (the knowable basis:
-- its latest period, unless the release lag says a later one of today's figures was out;
-- the same-period basis: the release's figure of the period), today's verdict beside it
-- where it differs, and where no held release was out or holds the period, said so.
-- Tables: obs, history (superseded rows), sources, indicators, releases (the catalogue's
-- frames). It covers what the synthetic claims need (as_is rules on levels), not the
-- engine's ratios, spans, mirrors or hedges.
WITH lags AS (
    SELECT s.id AS source, TRY_CAST(r.lag_months AS INTEGER) AS lag
    FROM sources s LEFT JOIN releases r ON r.dataset = s.dataset
),
official AS (
    SELECT o.indicator, coalesce(o.geo, '') AS geo, coalesce(o.counterpart, '') AS counterpart,
           o.period, CAST(o.period_start AS DATE) AS s, CAST(o.period_end AS DATE) AS e,
           o.value AS v,
           date_trunc('month', CAST(o.period_end AS DATE)) + to_months(l.lag + 1) AS available
    FROM obs o LEFT JOIN lags l ON l.source = o.source
    WHERE o.status = 'official'
      AND o.indicator IN (SELECT DISTINCT indicator FROM obs WHERE status <> 'official')
),
answers AS (
    SELECT *,
        lag(v, 1) OVER w AS v_m1, lead(v, 1) OVER w AS v_p1,
        lag(v, 2) OVER w AS v_m2, lead(v, 2) OVER w AS v_p2,
        lag(period, 1) OVER w AS p_m1, lead(period, 1) OVER w AS p_p1,
        lag(period, 2) OVER w AS p_m2, lead(period, 2) OVER w AS p_p2
    FROM official WINDOW w AS (PARTITION BY indicator, geo, counterpart ORDER BY s)
),
parsed AS (
    SELECT o.id AS claim, o.indicator, coalesce(o.geo, '') AS geo,
           coalesce(o.counterpart, '') AS counterpart, o.qualifier, o.value,
           CAST(o.period_start AS DATE) AS period_start, CAST(o.period_end AS DATE) AS period_end,
           o.period <> coalesce(o.as_of, o.period) AS named,
           CAST(try_strptime(coalesce(o.as_of, o.period), ['%Y-%m-%d', '%Y-%m', '%Y']) AS DATE)
               AS as_of_start,
           abs(o.value / TRY_CAST(o.value_as_written AS DOUBLE)) AS factor,
           length(regexp_extract(o.value_as_written, '\.([0-9]+)', 1)) AS decimals,
           i.measure
    FROM obs o JOIN indicators i ON i.id = o.indicator
    WHERE o.status <> 'official'
),
claims AS (
    SELECT *, value - w AS lo, value + w AS hi FROM (
        SELECT *, CASE WHEN qualifier = 'approximate' THEN greatest(p, 0.05 * abs(value))
                       ELSE p END AS w
        FROM (SELECT *, CASE WHEN value <> 0
                             THEN least(0.5 * pow(10, -decimals) * factor, 0.05 * abs(value))
                             ELSE 0.5 * pow(10, -decimals) * factor END AS p
              FROM parsed))
),
revised AS (
    SELECT DISTINCT src.dataset FROM history h JOIN sources src ON src.id = h.source
    WHERE coalesce(src.dataset, '') <> ''
),
official_all AS (
    SELECT * FROM obs WHERE status = 'official'
    UNION ALL BY NAME
    SELECT * FROM history WHERE status = 'official'
),
held_dates AS (
    SELECT DISTINCT TRY_CAST(t AS DATE) AS r FROM (
        SELECT o.as_of AS t FROM official_all o JOIN sources src ON src.id = o.source
        WHERE src.dataset IN (SELECT dataset FROM revised)
        UNION ALL
        SELECT date_published FROM sources WHERE dataset IN (SELECT dataset FROM revised)
    ) WHERE length(t) = 10 AND TRY_CAST(t AS DATE) <= (SELECT max(as_of_start) FROM claims)
),
rel AS (
    SELECT *,
        lag(v, 1) OVER w AS v_m1, lead(v, 1) OVER w AS v_p1,
        lag(v, 2) OVER w AS v_m2, lead(v, 2) OVER w AS v_p2,
        lag(period, 1) OVER w AS p_m1, lead(period, 1) OVER w AS p_p1,
        lag(period, 2) OVER w AS p_m2, lead(period, 2) OVER w AS p_p2,
        row_number() OVER (PARTITION BY indicator, geo, counterpart, available ORDER BY s DESC)
            AS from_last
    FROM (
        SELECT o.indicator, coalesce(o.geo, '') AS geo,
               coalesce(o.counterpart, '') AS counterpart, o.period,
               CAST(o.period_start AS DATE) AS s, CAST(o.period_end AS DATE) AS e,
               o.value AS v, d.r AS available
        FROM held_dates d JOIN official_all o
          ON coalesce(TRY_CAST(o.as_of AS DATE), d.r) <= d.r
         AND coalesce(TRY_CAST(o.valid_until AS DATE), d.r + 1) > d.r
        JOIN sources src ON src.id = o.source
        WHERE src.dataset IN (SELECT dataset FROM revised)
          AND o.indicator IN (SELECT DISTINCT indicator FROM obs WHERE status <> 'official')
    ) WINDOW w AS (PARTITION BY indicator, geo, counterpart ORDER BY available, s)
),
rel_keys AS (SELECT DISTINCT indicator, geo, counterpart FROM rel),
-- every row a claim can be judged on, today's and the releases', with its neighbours
rows AS (
    SELECT 'a' || row_number() OVER () AS rid, NULL::DATE AS release, * FROM answers
    UNION ALL BY NAME
    SELECT 'r' || row_number() OVER () AS rid, available AS release, * EXCLUDE (from_last)
    FROM rel
),
same_today AS (
    SELECT c.*, CASE WHEN c.period_end <= a.e THEN a.rid END AS today, a.s AS today_s,
           CASE WHEN c.period_end <= a.e THEN a.v END AS v_today
    FROM claims c ASOF LEFT JOIN (SELECT * FROM rows WHERE release IS NULL) a
      ON c.indicator = a.indicator AND c.geo = a.geo AND c.counterpart = a.counterpart
     AND c.period_start >= a.s
),
same_rel AS (
    SELECT c.claim, r.rid AS rel_rid
    FROM (SELECT * FROM same_today WHERE today IS NOT NULL AND named AND as_of_start IS NOT NULL) c
    ASOF JOIN (SELECT * FROM rows WHERE release IS NOT NULL) r
      ON c.indicator = r.indicator AND c.geo = r.geo AND c.counterpart = r.counterpart
     AND c.today_s = r.s AND c.as_of_start >= r.release
),
same AS (
    SELECT c.*, 'same-period' AS basis, coalesce(x.rel_rid, c.today) AS rid,
           c.today IS NOT NULL AND c.named AND c.as_of_start IS NOT NULL AS asked,
           x.rel_rid IS NULL AND k.indicator IS NOT NULL AS held,
           FALSE AS before, NULL::VARCHAR AS stale_said
    FROM same_today c
    LEFT JOIN same_rel x ON x.claim = c.claim
    LEFT JOIN rel_keys k
      ON k.indicator = c.indicator AND k.geo = c.geo AND k.counterpart = c.counterpart
),
knowable_lag AS (
    SELECT c.*, a.rid AS lag_rid, a.s AS lag_s
    FROM claims c ASOF LEFT JOIN (SELECT * FROM rows WHERE release IS NULL) a
      ON c.indicator = a.indicator AND c.geo = a.geo AND c.counterpart = a.counterpart
     AND c.as_of_start >= a.available
    WHERE NOT c.named
),
knowable_pair AS (
    SELECT l.*, r.rid AS rel_rid, r.period AS rel_period, r.release AS rel_release,
           r.rid IS NOT NULL AND NOT coalesce(l.lag_s > r.s, FALSE) AS fresh
    FROM knowable_lag l
    ASOF LEFT JOIN (SELECT * FROM rel WHERE from_last = 1) r0
      ON l.indicator = r0.indicator AND l.geo = r0.geo AND l.counterpart = r0.counterpart
     AND l.as_of_start >= r0.available
    LEFT JOIN rows r
      ON r.release = r0.available AND r.indicator = r0.indicator AND r.geo = r0.geo
     AND r.counterpart = r0.counterpart AND r.s = r0.s
),
knowable AS (
    SELECT p.* EXCLUDE (lag_rid, lag_s, rel_rid, rel_period, rel_release, fresh),
           'knowable' AS basis, CASE WHEN p.fresh THEN p.rel_rid ELSE p.lag_rid END AS rid,
           t.v AS v_today, FALSE AS asked, FALSE AS held,
           p.rel_rid IS NULL AND k.indicator IS NOT NULL AS before,
           CASE WHEN p.rel_rid IS NOT NULL AND NOT p.fresh
                THEN strftime(p.rel_release, '%Y-%m-%d') || ' ' || p.rel_period END AS stale_said
    FROM knowable_pair p
    LEFT JOIN answers t ON t.indicator = p.indicator AND t.geo = p.geo
        AND t.counterpart = p.counterpart AND t.period = p.rel_period
    LEFT JOIN rel_keys k
        ON k.indicator = p.indicator AND k.geo = p.geo AND k.counterpart = p.counterpart
),
matched AS (
    SELECT m.*, m.asked AND m.held AS no_day,
           a.* EXCLUDE (rid, indicator, geo, counterpart)
    FROM (SELECT * EXCLUDE (today, today_s) FROM same UNION ALL BY NAME SELECT * FROM knowable) m
    LEFT JOIN rows a ON a.rid = m.rid
),
judged AS (
    SELECT *,
        greatest(lo - v, v - hi, 0) AS distance,
        measure = 'flow' AND named AND basis = 'same-period' AND (s < period_start OR e > period_end)
            AS shorter
    FROM matched
),
verdicts AS (
    SELECT *, CASE
        WHEN v IS NULL OR isnan(v) THEN 'unverifiable'
        WHEN shorter THEN 'unverifiable'
        WHEN distance = 0 THEN 'consistent'
        WHEN distance <= 0.05 * abs(v) THEN 'close'
        WHEN CASE WHEN v < 0 AND hi <= 0 THEN v - hi > 0 ELSE lo - v > 0 END THEN 'overstated'
        ELSE 'understated' END AS verdict,
        (value - v) / abs(v) * 100 AS gap_percent,
        CASE WHEN v_today IS NULL OR isnan(v_today) THEN 'unverifiable'
             WHEN shorter THEN 'unverifiable'
             WHEN greatest(lo - v_today, v_today - hi, 0) = 0 THEN 'consistent'
             WHEN greatest(lo - v_today, v_today - hi, 0) <= 0.05 * abs(v_today) THEN 'close'
             WHEN CASE WHEN v_today < 0 AND hi <= 0 THEN v_today - hi > 0 ELSE lo - v_today > 0 END
                 THEN 'overstated'
             ELSE 'understated' END AS verdict_today
    FROM judged
)
SELECT claim, basis, period AS official_period, v AS official_value, verdict, gap_percent,
    concat_ws('; ',
        CASE verdict
            WHEN 'consistent' THEN 'the official figure lies in the claimed interval'
            WHEN 'close' THEN 'the official figure is within 5% of the claimed interval'
            WHEN 'overstated' THEN 'the claimed interval lies above the official figure by more than that'
            WHEN 'understated' THEN 'the claimed interval lies below the official figure by more than that'
            ELSE 'no official figure to compare' END,
        CASE WHEN basis = 'knowable' AND release IS NOT NULL THEN
                 'the claim names no period: judged on the latest official period as published in the release of '
                 || strftime(release, '%Y-%m-%d') || ', the latest held before the claim (releases between the held ones are not held: a later one may have been out by the claim''s date)'
             WHEN basis = 'knowable' THEN 'the claim names no period: judged on the latest official period published by its date'
                 || CASE WHEN before THEN '; no release held was out by the claim''s date, so on today''s figures and the release lag' ELSE '' END
             WHEN NOT named THEN 'the claim names no period: the period it was made in'
             WHEN release IS NOT NULL THEN 'judged on its period as published in the release of '
                 || strftime(release, '%Y-%m-%d') || ', the latest held before the claim'
             WHEN no_day THEN 'no release held from before the claim holds its period: judged on today''s figure' END,
        CASE WHEN basis = 'knowable' AND release IS NULL AND stale_said IS NOT NULL THEN
            'the latest release held from before the claim (' || split_part(stale_said, ' ', 1) || ') ends in '
            || split_part(stale_said, ' ', 2) || ', while by the release lag a later period was out by then (the releases between the held ones are not held): judged on today''s figures' END,
        CASE WHEN release IS NOT NULL AND v_today IS NOT NULL AND verdict_today <> verdict THEN
            verdict || ' with what was published then; ' || verdict_today || ' against today''s revised figure' END,
        CASE WHEN v IS NULL AND basis = 'knowable' THEN 'no official period of the dataset was published by the claim''s date'
             WHEN v IS NULL THEN 'no official figure covers the claim''s period' END,
        CASE WHEN verdict IN ('overstated', 'understated', 'close') THEN
            CASE WHEN v_m1 BETWEEN lo AND hi THEN 'the official figure of ' || p_m1 || ' matches the claim: a period slip?'
                 WHEN v_p1 BETWEEN lo AND hi THEN 'the official figure of ' || p_p1 || ' matches the claim: a period slip?'
                 WHEN v_m2 BETWEEN lo AND hi THEN 'the official figure of ' || p_m2 || ' matches the claim: a period slip?'
                 WHEN v_p2 BETWEEN lo AND hi THEN 'the official figure of ' || p_p2 || ' matches the claim: a period slip?' END END,
        CASE WHEN verdict IN ('overstated', 'understated', 'close') AND v <> 0 THEN
            CASE WHEN v * 1e3 BETWEEN lo AND hi THEN 'the official figure times a thousand would match the claim: a slip of scale words?'
                 WHEN v * 1e6 BETWEEN lo AND hi THEN 'the official figure times a million would match the claim: a slip of scale words?'
                 WHEN v * 1e9 BETWEEN lo AND hi THEN 'the official figure times a billion would match the claim: a slip of scale words?'
                 WHEN v * 1e-3 BETWEEN lo AND hi THEN 'the official figure times a thousandth would match the claim: a slip of scale words?'
                 WHEN v * 1e-6 BETWEEN lo AND hi THEN 'the official figure times a millionth would match the claim: a slip of scale words?'
                 WHEN v * 1e-9 BETWEEN lo AND hi THEN 'the official figure times a billionth would match the claim: a slip of scale words?' END END,
        CASE WHEN basis = 'same-period' AND available > as_of_start THEN
            'the official figure was published after the claim (from ' || strftime(available, '%Y-%m') || '): the claim rested on an earlier estimate' END,
        CASE WHEN verdict IN ('overstated', 'understated', 'close') AND v <> 0 AND -v BETWEEN lo AND hi
                 THEN 'the claim matches the official figure with its sign flipped'
             WHEN (v > 0 AND hi <= 0) OR (v < 0 AND lo >= 0)
                 THEN 'the claim and the official figure have opposite signs' END
    ) AS reasons
FROM verdicts

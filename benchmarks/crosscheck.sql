-- The verdicts of bench_crosscheck.py's synthetic claims as one DuckDB query (the baseline):
-- the claimed interval from the digits as written (precision capped at 5% of |v|, the
-- 5% width of "about"), the same-period and knowable (release lag) matches by ASOF joins,
-- verdicts by the close band of 5%, and the reasons of these claims in words (period and
-- scale slips, published after the claim, sign flips). Tables: obs, sources, indicators,
-- releases (the catalogue's frames). It covers what the synthetic claims need (as_is rules
-- on levels), not the engine's ratios, spans, mirrors or hedges.
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
same AS (
    SELECT c.*, 'same-period' AS basis, a.* EXCLUDE (indicator, geo, counterpart)
    FROM claims c ASOF LEFT JOIN answers a
      ON c.indicator = a.indicator AND c.geo = a.geo AND c.counterpart = a.counterpart
     AND c.period_start >= a.s
),
knowable AS (
    SELECT c.*, 'knowable' AS basis, a.* EXCLUDE (indicator, geo, counterpart)
    FROM claims c ASOF LEFT JOIN answers a
      ON c.indicator = a.indicator AND c.geo = a.geo AND c.counterpart = a.counterpart
     AND c.as_of_start >= a.available
    WHERE NOT c.named
),
matched AS (
    SELECT * REPLACE (CASE WHEN period_end <= e THEN v END AS v,
                      CASE WHEN period_end <= e THEN period END AS period)
    FROM same
    UNION ALL BY NAME
    SELECT * FROM knowable
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
        (value - v) / abs(v) * 100 AS gap_percent
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
        CASE WHEN basis = 'knowable' THEN 'the claim names no period: judged on the latest official period published by its date'
             WHEN NOT named THEN 'the claim names no period: the period it was made in' END,
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

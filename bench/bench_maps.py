"""Site maps of 10 to 10,000 sites: build time and HTML size, next to folium alone."""

from __future__ import annotations

import folium

from bench.bench_mou import median_ms
from planner.maps.mapping import MapLabels, MapSite, build_site_map

OPTIONS = dict(labels=MapLabels(), static_url=lambda path: "/static/" + path, tile_url="", tile_attribution="")


def sites(count: int) -> list[MapSite]:
    return [
        MapSite(n, f"Site {n}", "museum", 38 + (n % 97) / 10, 44 + (n % 89) / 4, url=f"/sites/{n}")
        for n in range(count)
    ]


def rendered_size(parts) -> int:
    return len((parts.header + parts.html + parts.script).encode())


def folium_floor(found: list[MapSite]) -> None:
    m = folium.Map(tiles=None)
    folium.GeoJson(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [s.longitude, s.latitude]},
                    "properties": {},
                }
                for s in found
            ],
        }
    ).add_to(m)
    m.get_root().render()


def run() -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for count in (10, 100, 1000, 10000):
        found = sites(count)
        size = rendered_size(build_site_map(found, **OPTIONS))
        rows.append(
            (
                f"map of {count:>6} sites: build (median of 3)",
                median_ms(lambda found=found: build_site_map(found, **OPTIONS), 3),
            )
        )
        rows.append((f"map of {count:>6} sites: HTML size", f"{size / 1000:9.1f} KB ({size / count:.0f} B per site)"))
    rows.append(
        (
            "map floor: folium alone, one GeoJSON layer of 10,000 points",
            median_ms(lambda: folium_floor(sites(10000)), 3),
        )
    )
    return rows


if __name__ == "__main__":
    for label, value in run():
        print(f"{label}: {value}")

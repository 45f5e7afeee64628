"""Files in and out: boundary files and figure tables read into frames, features written as
GeoJSON, CSV and GeoPackage. Readers never know about joins (those live in geo.analysis)."""

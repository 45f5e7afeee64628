"""Features to what a reader sees: a folium map (layers, legend, popups), the displacement
timeline and the tables beside the map. Pure functions of a features frame; no Streamlit."""

from safe_map.cli import main

main()
